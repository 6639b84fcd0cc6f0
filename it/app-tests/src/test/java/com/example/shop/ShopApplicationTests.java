package com.example.shop;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.test.autoconfigure.AutoConfigureCacheObj;
import io.cacheobj.test.autoconfigure.ClearCacheObjBackends;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application with {@code @AutoConfigureCacheObj}, while nothing listens at the
 * Redis and memcached addresses of its application.yml.
 */
@SpringBootTest
@AutoConfigureCacheObj
@ClearCacheObjBackends
class ShopApplicationTests {

	@Autowired
	private PriceService prices;

	@Autowired
	private CacheEntityRepository repository;

	@Autowired
	private ApplicationContext context;

	@Test
	void cacheableMethodsAreCachedOnTheMemoryBackendThatReplacesRedis() {
		int before = this.prices.lookups();
		assertThat(this.prices.price("sku-1")).isEqualTo("sku-1:9.99");
		assertThat(this.prices.price("sku-1")).isEqualTo("sku-1:9.99");
		assertThat(this.prices.lookups()).isEqualTo(before + 1);
	}

	@Test
	void entitiesWorkOnMemoryInTheWholeApplication() {
		CartCache cart = this.repository.get(CartCache.class, 1L);
		assertThat(cart.items.incrementAndGet()).isEqualTo(1);
		cart.owner.set("grace");
		assertThat(this.repository.get(CartCache.class, 1L).owner.get()).isEqualTo("grace");
		assertThat(this.context.getBeansOfType(CacheBackend.class).values())
			.allMatch(MemoryCacheBackend.class::isInstance);
	}

	@Test
	void eachTestStartsOnEmptyBackends() {
		CartCache cart = this.repository.get(CartCache.class, 1L);
		assertThat(cart.owner.get()).isNull();
		assertThat(cart.items.get()).isZero();
		cart.owner.set("someone");
		cart.items.incrementAndGet();
	}

}
