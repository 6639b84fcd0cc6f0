package io.cacheobj.jcache.tck;

import javax.cache.Cache;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.CacheObjStore;
import io.cacheobj.jcache.CacheObjJCacheManager;
import org.junit.jupiter.api.Test;

import org.assertj.core.api.InstanceOfAssertFactories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves which backend the TCK's default cache manager is on in each surefire execution:
 * memory by default, the Redis servers {@link TckRedisBootstrap} started in
 * {@code tck-redis}, {@code tck-redis-sentinel} and {@code tck-redis-cluster}, with the
 * near cache.
 */
class TckBackendTests {

	@Test
	void theDefaultCacheManagerIsOnTheExecutionsBackend() {
		CacheObjJCacheManager manager = Caching.getCachingProvider()
			.getCacheManager()
			.unwrap(CacheObjJCacheManager.class);
		String backend = System.getProperty("cacheobj.tck.backend", "memory");
		boolean redis = backend.startsWith("redis");
		assertThat(manager.backendName()).isEqualTo(redis ? "redis" : "memory");
		Cache<String, String> cache = manager.createCache("tck-backend", new MutableConfiguration<>());
		try {
			cache.put("k", "v");
			CacheObjStore store = cache.unwrap(CacheObjStore.class);
			assertThat(store.backendName()).isEqualTo(redis ? "redis" : "memory");
			assertThat(store.statistics() != null).isEqualTo(redis);
			CacheObjBinding binding = manager.unwrap(CacheObjBinding.class);
			assertThat(binding.backends().get(manager.backendName()).keysByPrefix("jcache:tck-backend::"))
				.containsExactly("jcache:tck-backend::s:k");
			if (redis) {
				assertThat(store.statistics().details().get("tracking")).asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry("mode", "optin")
					.containsEntry("topology", switch (backend) {
						case "redis-cluster" -> "cluster";
						case "redis-sentinel" -> "sentinel";
						default -> "standalone";
					});
			}
		}
		finally {
			manager.destroyCache("tck-backend");
		}
	}

}
