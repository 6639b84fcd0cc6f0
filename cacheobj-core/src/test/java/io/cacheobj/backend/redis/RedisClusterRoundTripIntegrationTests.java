package io.cacheobj.backend.redis;

import java.util.ArrayList;
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
 * The round-trip table of a Redis Cluster of three masters, counted by their
 * {@code INFO commandstats} together: a bulk read is one script call per master per chunk
 * of 1,000 keys.
 */
class RedisClusterRoundTripIntegrationTests extends AbstractRoundTripTests {

	private static List<ManagedServer> nodes;

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> cluster) {
		nodes = cluster;
		redis = RedisBackendFixture.cluster(cluster);
		// Lettuce connects to each master when it first sends it a command.
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			keys.add("warm-" + i);
		}
		redis.backend().getAllInOrder(keys);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected String topology() {
		return "cluster";
	}

	@Override
	protected CacheBackend backend() {
		return redis.backend();
	}

	@Override
	protected Map<String, Long> commands() {
		return ServerStats.redis(nodes);
	}

	@Override
	protected void beforeCacheClear() {
		nodes.forEach((node) -> node.send("FLUSHALL"));
	}

	@Override
	protected Map<String, Expected> expected(Path path) {
		return RedisRoundTripIntegrationTests.redisTable(path, nodes.size());
	}

}
