package io.cacheobj.cache;

import java.util.List;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link CacheObjCache} contract on a real Redis Cluster of three masters, whose
 * {@code clear()} scans every master.
 */
class RedisClusterCacheObjCacheIntegrationTests extends AbstractCacheObjCacheContractTests {

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		redis = RedisBackendFixture.cluster(nodes);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected CacheBackend backend() {
		return redis.backend();
	}

}
