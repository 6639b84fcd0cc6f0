package io.cacheobj.backend.redis;

import java.util.ArrayList;
import java.util.List;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration tests for {@link RedisCacheBackend#keysByPrefix}: standalone and on every
 * master of a cluster, with glob characters in the prefix taken literally.
 */
class RedisKeysByPrefixIntegrationTests {

	@Test
	void listsTheKeysUnderAPrefixOnAStandaloneServer(@RealServer(Kind.REDIS) ManagedServer server) {
		try (RedisBackendFixture redis = RedisBackendFixture.standalone(server)) {
			assertListsPrefix(redis.backend());
		}
	}

	@Test
	void listsTheKeysUnderAPrefixOnEveryMasterOfACluster(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> cluster) {
		try (RedisBackendFixture redis = RedisBackendFixture.cluster(cluster)) {
			assertListsPrefix(redis.backend());
		}
	}

	private void assertListsPrefix(RedisCacheBackend backend) {
		backend.deleteByPrefix("kbp");
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 250; i++) {
			String key = "kbp[*]:" + i;
			backend.set(key, StoredValue.of(new byte[] { 1 }), null);
			expected.add(key);
		}
		backend.set("kbpX:other", StoredValue.of(new byte[] { 1 }), null);
		assertThat(backend.keysByPrefix("kbp[*]:")).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(backend.keysByPrefix("kbp-none:")).isEmpty();
		backend.deleteByPrefix("kbp");
	}

}
