package io.cacheobj.autoconfigure.cache;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.cache.CacheObjCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.cache.test.autoconfigure.AutoConfigureCache;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test annotated with {@link AutoConfigureCache}, as Boot's test slices are, gets the
 * cache manager it asks for ({@code none} by default) instead of cacheobj's.
 */
@SpringBootTest(classes = CacheObjCacheSliceTests.SliceConfiguration.class)
@AutoConfigureCache
class CacheObjCacheSliceTests {

	@Autowired
	private ApplicationContext context;

	@Test
	void autoConfigureCacheReplacesTheManagerWithBootsNoOpManager() {
		assertThat(this.context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
		assertThat(this.context.getBeanNamesForType(CacheObjCacheManager.class)).isEmpty();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportAutoConfiguration({ CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class })
	static class SliceConfiguration {

	}

}
