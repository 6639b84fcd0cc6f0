package io.cacheobj.backend.memcached;

import java.util.List;
import java.util.Map;

import io.cacheobj.backend.AbstractRoundTripTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.ServerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The round-trip table of three memcached servers, their {@code stats} summed: the keys
 * spread over the servers, each read and written once.
 */
class MemcachedMultiServerRoundTripIntegrationTests extends AbstractRoundTripTests {

	private static List<ManagedServer> servers;

	private static MemcachedCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(value = Kind.MEMCACHED, count = 3) List<ManagedServer> started) {
		servers = started;
		backend = MemcachedCacheBackend.builder("memcached", MemcachedRoundTripIntegrationTests.addresses(servers))
			.build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
	}

	@Override
	protected String topology() {
		return "three memcached servers";
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	@Override
	protected Map<String, Long> commands() {
		return ServerStats.memcached(servers);
	}

	@Override
	protected boolean namespaceVersioned() {
		return true;
	}

	@Override
	protected Map<String, Expected> expected(Path path) {
		return MemcachedRoundTripIntegrationTests.memcachedTable(path);
	}

}
