package io.cacheobj.backend.redis;

import java.util.List;

import io.cacheobj.CacheWriteBatch;
import io.cacheobj.backend.AbstractWriteBatchTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.RedisTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch scenario on a real Redis Cluster: Lettuce routes each command to the node of
 * its slot, and the nodes' command statistics together show every write once.
 */
class RedisClusterWriteBatchIntegrationTests extends AbstractWriteBatchTests {

	private static List<ManagedServer> nodes;

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> cluster) {
		nodes = cluster;
		redis = RedisBackendFixture.cluster(cluster);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected CacheBackend backend() {
		return redis.backend();
	}

	@Override
	protected void execute(CacheWriteBatch batch) {
		nodes.forEach(RedisTestSupport::resetStats);
		batch.execute();
		assertThat(calls("set")).isEqualTo(3 * OBJECTS + OBJECTS - DELETED_SCORES);
		assertThat(calls("del")).isEqualTo(DELETED_SCORES);
		assertThat(calls("incrby")).isEqualTo(OBJECTS);
	}

	private static long calls(String command) {
		return nodes.stream().mapToLong((node) -> RedisTestSupport.calls(node, command)).sum();
	}

}
