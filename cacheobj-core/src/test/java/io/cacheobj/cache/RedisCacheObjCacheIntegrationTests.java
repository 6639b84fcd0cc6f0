package io.cacheobj.cache;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link CacheObjCache} contract on a real standalone Redis server, read through a
 * near cache that the server invalidates.
 */
class RedisCacheObjCacheIntegrationTests extends AbstractCacheObjCacheContractTests {

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS) ManagedServer server) {
		redis = RedisBackendFixture.standalone(server);
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
	protected boolean nearCached() {
		return true;
	}

}
