package com.example.shop;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.test.autoconfigure.CacheObjTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application's entities in a {@code @CacheObjTest} slice, while nothing listens at
 * the Redis and memcached addresses of its application.yml.
 */
@CacheObjTest
class CartCacheSliceTests {

	@Autowired
	private CacheEntityRepository repository;

	@Autowired
	private ApplicationContext context;

	@Test
	void entitiesOnRedisAndMemcachedBackendsWorkOnMemoryWithNoServerRunning() {
		CartCache cart = this.repository.get(CartCache.class, 7L);
		cart.owner.set("ada");
		cart.items.addAndGet(3);
		cart.note.set("gift");
		CartCache loaded = this.repository.load(CartCache.class, 7L);
		assertThat(loaded.owner.getCached()).isEqualTo("ada");
		assertThat(loaded.items.get()).isEqualTo(3);
		assertThat(loaded.note.getCached()).isEqualTo("gift");
	}

	@Test
	void everyBackendIsAMemoryBackendUnderItsConfiguredName() {
		assertThat(this.context.getBeansOfType(CacheBackend.class)).containsOnlyKeys("local", "redis", "sessions")
			.allSatisfy((name, backend) -> assertThat(backend).isInstanceOf(MemoryCacheBackend.class));
		this.repository.get(CartCache.class, 8L).owner.set("lin");
		assertThat(this.context.getBean("redis", CacheBackend.class).get("CartCache.8.owner")).isNotNull();
	}

	@Test
	void springCacheIsInTheSliceOnTheReplacedBackend() {
		CacheManager cacheManager = this.context.getBean(CacheManager.class);
		cacheManager.getCache("prices").put("sku-1", "1.99");
		assertThat(cacheManager.getCache("prices").get("sku-1", String.class)).isEqualTo("1.99");
	}

	@Test
	void theApplicationsOtherBeansAreLeftOut() {
		assertThat(this.context.getBeanNamesForType(PriceService.class)).isEmpty();
	}

}
