package io.cacheobj.backend.redis;

import java.util.List;
import java.util.Map;

import io.cacheobj.backend.AbstractRoundTripTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.ServerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The round-trip table of a standalone Redis server, counted by its
 * {@code INFO commandstats}: bulk reads are one {@code MGET} per 1,000 keys, sent
 * together; a batch is one command per write, pipelined.
 */
class RedisRoundTripIntegrationTests extends AbstractRoundTripTests {

	private static ManagedServer server;

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS) ManagedServer started) {
		server = started;
		redis = RedisBackendFixture.standalone(started);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected String topology() {
		return "Redis standalone";
	}

	@Override
	protected CacheBackend backend() {
		return redis.backend();
	}

	@Override
	protected Map<String, Long> commands() {
		return ServerStats.redis(List.of(server));
	}

	@Override
	protected void beforeCacheClear() {
		server.send("FLUSHALL");
	}

	@Override
	protected Map<String, Expected> expected(Path path) {
		return redisTable(path, 1);
	}

	/**
	 * The table of Redis, standalone or behind Sentinel ({@code masters} 1), or a cluster
	 * of {@code masters} masters. Counters are read on their own, so a load reads four
	 * keys of each object: standalone one {@code MGET} per chunk of 1,000 keys, sent
	 * together; on a cluster one {@code EVAL} of the reading script per master holding
	 * some of a chunk's keys (for one object's few keys, one to three), which Redis
	 * counts with the {@code GET} of every key the script runs.
	 */
	static Map<String, Expected> redisTable(Path path, int masters) {
		if (masters > 1) {
			switch (path) {
				case LOAD_1, LOAD_ALL_1:
					return Map.of("eval", between(1, masters), "get", exactly(4));
				case LOAD_ALL_100:
					return Map.of("eval", exactly(masters), "get", exactly(400));
				case LOAD_ALL_1000:
					return Map.of("eval", exactly(4L * masters), "get", exactly(4000));
				case COMPOSITE_LOAD:
					return Map.of("eval", between(1, masters), "get", exactly(3), "other:getAllInOrder", exactly(1));
				case CACHE_CLEAR:
					// Lettuce's cluster SCAN visits every master; its UNLINK of many keys
					// is split by slot, one command per slot (about 2,300 for 2,500
					// keys).
					return Map.of("scan", between(masters, 2L * masters), "unlink", between(masters, CACHE_ENTRIES));
				default:
			}
		}
		return switch (path) {
			case GET, COUNTER_GET, CACHEABLE_HIT -> Map.of("get", exactly(1));
			case NEAR_CACHE_GET -> Map.of();
			case LOAD_1, LOAD_ALL_1, LOAD_ALL_100 -> Map.of("mget", exactly(1));
			case LOAD_ALL_1000 -> Map.of("mget", exactly(4));
			case COMPOSITE_LOAD -> Map.of("mget", exactly(1), "other:getAllInOrder", exactly(1));
			case BATCH_1 -> Map.of("set", exactly(1));
			case BATCH_500 -> Map.of("set", exactly(500));
			case BATCH_5000 -> Map.of("set", exactly(5000));
			case INCREMENT -> Map.of("incrby", exactly(1));
			// One script call; Redis counts the commands the script runs too.
			case COMPARE_AND_SET -> Map.of("eval", exactly(1), "get", exactly(1), "set", exactly(1));
			case CACHEABLE_MISS -> Map.of("get", exactly(1), "set", exactly(1));
			// SCAN ... COUNT 1000 over 2,500 keys, each batch unlinked at once.
			case CACHE_CLEAR -> Map.of("scan", between(3, 4), "unlink", between(3, 4));
		};
	}

}
