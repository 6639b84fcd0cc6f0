package io.cacheobj.backend.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.AbstractCacheBackendContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.RedisTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisCacheBackend} against a real Redis Cluster of three masters.
 */
class RedisClusterCacheBackendIntegrationTests extends AbstractCacheBackendContractTests {

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
	protected boolean storesFlags() {
		return false;
	}

	@Test
	void keysOfOneObjectSpreadOverNodesAndBulkReadsStillFindThemAll() {
		List<String> keys = new ArrayList<>();
		for (int id = 0; id < 100; id++) {
			for (String property : List.of("username", "name", "email", "bio", "avatar")) {
				String key = key("UserCache." + id + "." + property);
				keys.add(key);
				redis.backend().set(key, text(id + property), null);
			}
		}
		assertThat(keys.stream().map(ClusterSlotHashUtil::calculateSlot).distinct().count()).isGreaterThan(100);
		nodes.forEach(RedisTestSupport::resetStats);
		Map<String, StoredValue> values = redis.backend().getAll(keys);
		assertThat(values).hasSize(500);
		assertText(values.get(key("UserCache.42.email")), "42email");
		// One call per node for the keys of all its slots, not one per slot or per key.
		assertThat(nodes).allSatisfy((node) -> {
			assertThat(RedisTestSupport.calls(node, "eval")).isEqualTo(1);
			assertThat(RedisTestSupport.calls(node, "mget")).isZero();
		});
	}

	@Test
	void bulkDeleteRemovesKeysOnEveryNode() {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			keys.add(key("del." + i));
			redis.backend().set(key("del." + i), text("x"), null);
		}
		assertThat(redis.backend().deleteAll(keys)).isEqualTo(50);
		assertThat(redis.backend().getAll(keys)).isEmpty();
	}

}
