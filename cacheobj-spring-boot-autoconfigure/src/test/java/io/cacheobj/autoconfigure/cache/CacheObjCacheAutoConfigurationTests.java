package io.cacheobj.autoconfigure.cache;

import java.time.Duration;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.cache.CacheObjCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjCacheAutoConfiguration}.
 */
class CacheObjCacheAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class,
				CacheAutoConfiguration.class));

	@Test
	void simpleKeyParametersAreReflectedInANativeImage() {
		RuntimeHints hints = new RuntimeHints();
		new CacheObjCacheAutoConfiguration.CacheKeyHints().registerHints(hints, getClass().getClassLoader());
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess(SimpleKey.class, "params")).accepts(hints);
	}

	@Test
	void managerIsConfiguredWhenTheApplicationEnablesCaching() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.other.type=memory",
					"cacheobj.default-backend=local", "cacheobj.spring-cache.default-ttl=10m",
					"cacheobj.spring-cache.caches.products.backend=other",
					"cacheobj.spring-cache.caches.products.ttl=30m",
					"cacheobj.spring-cache.caches.prices.allow-null-values=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheManager.class);
				CacheObjCacheManager manager = context.getBean(CacheObjCacheManager.class);
				assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("products", "prices");
				CacheObjCache products = (CacheObjCache) manager.getCache("products");
				assertThat(products.getBackendName()).isEqualTo("other");
				assertThat(products.getTtl()).isEqualTo(Duration.ofMinutes(30));
				CacheObjCache prices = (CacheObjCache) manager.getCache("prices");
				assertThat(prices.getBackendName()).isEqualTo("local");
				assertThat(prices.getTtl()).isEqualTo(Duration.ofMinutes(10));
				assertThat(prices.isAllowNullValues()).isFalse();
				assertThat(manager.getCache("dynamic")).isNotNull();
				assertThat(context).hasSingleBean(CacheMeterBinderProvider.class);
			});
	}

	@Test
	void springCacheDefaultBackendWinsOverTheDefaultBackend() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.other.type=memory",
					"cacheobj.default-backend=local", "cacheobj.spring-cache.default-backend=other")
			.run((context) -> assertThat(
					((CacheObjCache) context.getBean(CacheManager.class).getCache("any")).getBackendName())
				.isEqualTo("other"));
	}

	@Test
	void dynamicCachesCanBeTurnedOff() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.dynamic=false", "cacheobj.spring-cache.caches.listed.ttl=1m")
			.run((context) -> {
				CacheManager manager = context.getBean(CacheManager.class);
				assertThat(manager.getCache("listed")).isNotNull();
				assertThat(manager.getCache("other")).isNull();
			});
	}

	@Test
	void backsOffWithoutEnableCaching() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(CacheManager.class));
	}

	@Test
	void backsOffWhenTheApplicationHasACacheManager() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, UserCacheManagerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheManager.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
				assertThat(context).doesNotHaveBean(CacheObjCacheManager.class);
			});
	}

	@Test
	void needsNoSpringContextSupport() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader(CaffeineCacheManager.class))
			.run((context) -> assertThat(context).hasSingleBean(CacheObjCacheManager.class));
	}

	@Test
	void meterBinderProviderBacksOffWithoutBootsCacheMetrics() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader(CacheMeterBinderProvider.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(CacheObjCacheManager.class);
				assertThat(context).doesNotHaveBean(CacheObjCacheMeterBinderProvider.class);
			});
	}

	@Test
	void cacheNameWithASeparatorFailsStartUpWithAnAnalysis() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("test", Map.of("cacheobj.spring-cache.caches[a::b].ttl", "1m"))))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCacheObjCacheException.class)
					.hasMessageContaining("a::b")
					.hasMessageContaining("'::'");
				FailureAnalysis analysis = new InvalidCacheObjCacheFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("cacheobj.spring-cache.caches.a::b");
				assertThat(analysis.getAction()).contains("Rename the cache");
			});
	}

	@Test
	void cacheNameWithAGlobCharacterFailsStartUp() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.caches[pro*].ttl=1m")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheObjCacheException.class)
				.hasMessageContaining("glob"));
	}

	@Test
	void cacheOnAnUnknownBackendFailsStartUp() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.caches.products.backend=nowhere")
			.run((context) -> {
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCacheObjCacheException.class)
					.hasMessageContaining("cacheobj.spring-cache.caches.products.backend")
					.hasMessageContaining("[memory]");
			});
	}

	@Test
	void unknownSpringCacheDefaultBackendFailsStartUp() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.default-backend=nowhere")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheObjCacheException.class)
				.hasMessageContaining("cacheobj.spring-cache.default-backend"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class UserCacheManagerConfiguration {

		@Bean
		ConcurrentMapCacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

}
