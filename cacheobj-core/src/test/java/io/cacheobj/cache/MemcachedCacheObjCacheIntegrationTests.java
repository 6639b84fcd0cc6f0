package io.cacheobj.cache;

import java.net.InetSocketAddress;
import java.util.List;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link CacheObjCache} contract on a real memcached server, which clears a cache by
 * its namespace version.
 */
class MemcachedCacheObjCacheIntegrationTests extends AbstractCacheObjCacheContractTests {

	private static MemcachedCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		backend = MemcachedCacheBackend
			.builder("memcached", List.of(new InetSocketAddress(server.host(), server.port())))
			.build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	@Override
	protected boolean versioned() {
		return true;
	}

}
