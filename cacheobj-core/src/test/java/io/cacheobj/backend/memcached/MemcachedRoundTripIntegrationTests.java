package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
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
 * The round-trip table of one memcached server, counted by its {@code stats}, which count
 * keys: a bulk read of N keys is {@code cmd_get} N, sent as one multi-key get per server.
 */
class MemcachedRoundTripIntegrationTests extends AbstractRoundTripTests {

	private static List<ManagedServer> servers;

	private static MemcachedCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		servers = List.of(server);
		backend = MemcachedCacheBackend.builder("memcached", addresses(servers)).build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
	}

	static List<InetSocketAddress> addresses(List<ManagedServer> servers) {
		return servers.stream().map((server) -> new InetSocketAddress(server.host(), server.port())).toList();
	}

	@Override
	protected String topology() {
		return "memcached";
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
		return memcachedTable(path);
	}

	/**
	 * The table of memcached, one server or several, whose counts are summed. Counters
	 * are read on their own, so a load reads four keys of each object.
	 */
	static Map<String, Expected> memcachedTable(Path path) {
		return switch (path) {
			case GET, COUNTER_GET -> reads(1);
			case NEAR_CACHE_GET -> Map.of();
			case LOAD_1, LOAD_ALL_1 -> reads(4);
			case LOAD_ALL_100 -> reads(400);
			case LOAD_ALL_1000 -> reads(4000);
			case COMPOSITE_LOAD ->
				Map.of("cmd_get", exactly(3), "get_hits", exactly(3), "other:getAllInOrder", exactly(1));
			case BATCH_1 -> Map.of("cmd_set", exactly(1));
			case BATCH_500 -> Map.of("cmd_set", exactly(500));
			case BATCH_5000 -> Map.of("cmd_set", exactly(5000));
			case INCREMENT -> Map.of("incr_hits", exactly(1));
			case COMPARE_AND_SET ->
				Map.of("cmd_get", exactly(1), "get_hits", exactly(1), "cmd_set", exactly(1), "cas_hits", exactly(1));
			case CACHEABLE_HIT -> reads(1);
			case CACHEABLE_MISS -> Map.of("cmd_get", exactly(1), "get_misses", exactly(1), "cmd_set", exactly(1));
			case CACHE_CLEAR -> Map.of("incr_hits", exactly(1));
		};
	}

	private static Map<String, Expected> reads(long keys) {
		return Map.of("cmd_get", exactly(keys), "get_hits", exactly(keys));
	}

}
