package io.cacheobj.autoconfigure.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.cache.CacheObjCacheManager;
import io.cacheobj.outside.Parcel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.cache.support.NoOpCacheManager;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.annotation.Order;
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

	@Test
	void backsOffWhenSpringCacheTypeIsSetSoThatBootDoesWhatItSays() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=none")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CacheObjCacheManager.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(NoOpCacheManager.class);
			});
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("spring.cache.type=simple")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CacheObjCacheManager.class);
				assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			});
	}

	@Test
	void springCacheEnabledFalseTurnsTheManagerOff() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(CacheObjCacheManager.class);
				assertThat(context).hasSingleBean(CacheManager.class);
			});
	}

	@Test
	void cacheManagerCustomizersOfItsTypeAreAppliedInOrder() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, CustomizerConfiguration.class)
			.run((context) -> {
				CacheObjCacheManager manager = context.getBean(CacheObjCacheManager.class);
				assertThat(context.getBean(CustomizerConfiguration.class).applied).containsExactly("first", "second");
				assertThat(context.getBean(CustomizerConfiguration.class).customized).containsOnly(manager);
				assertThat(manager.getCacheNames()).contains("warmed");
			});
	}

	@Test
	void customizersAreNotNeededWithoutBootsCacheModule() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withClassLoader(new FilteredClassLoader(CacheManagerCustomizer.class))
			.run((context) -> assertThat(context).hasSingleBean(CacheObjCacheManager.class));
	}

	@Test
	void aCacheableMethodReturningAnUntrustedTypeStopsStartUpNamingMethodTypeAndSetting() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, OutsideConfiguration.class)
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(UntrustedCacheValueTypeException.class);
				FailureAnalysis analysis = new UntrustedCacheValueTypeFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains(OutsideService.class.getName() + ".find(long)")
					.contains(OutsideService.class.getName() + ".all()")
					.contains(OutsideService.class.getName() + ".save(Parcel)")
					.contains("io.cacheobj.outside.Parcel")
					.contains("[parcels]")
					.contains("cacheobj.spring-cache.trusted-packages")
					.doesNotContain(".label(");
				assertThat(analysis.getAction()).contains("cacheobj.spring-cache.trusted-packages=io.cacheobj.outside");
			});
	}

	@Test
	void aTrustedPackageLetsTheSameApplicationStartAndCache() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class, OutsideConfiguration.class)
			.withPropertyValues("cacheobj.spring-cache.trusted-packages=io.cacheobj.outside")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				OutsideService service = context.getBean(OutsideService.class);
				assertThat(service.find(1)).isEqualTo(service.find(1));
				assertThat(service.calls()).isEqualTo(1);
			});
	}

	@Test
	void aCacheOnABackendWithoutSetIfAbsentFailsStartUpNamingIt() {
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withBean("plain", CacheBackend.class, PlainBackend::new)
			.withPropertyValues("cacheobj.default-backend=plain")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCacheObjCacheException.class)
					.hasMessageContaining("cacheobj.spring-cache.default-backend")
					.hasMessageContaining("setIfAbsent and compareAndSet");
			});
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withBean("plain", CacheBackend.class, PlainBackend::new)
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.default-backend=local",
					"cacheobj.spring-cache.dynamic=false", "cacheobj.spring-cache.caches.sessions.backend=plain")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidCacheObjCacheException.class)
				.hasMessageContaining("cacheobj.spring-cache.caches.sessions.backend")
				.hasMessageContaining("cache 'sessions'"));
		this.contextRunner.withUserConfiguration(CachingConfiguration.class)
			.withBean("plain", CacheBackend.class, PlainBackend::new)
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.default-backend=local")
			.run((context) -> assertThat(context).hasNotFailed());
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

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		final List<String> applied = new CopyOnWriteArrayList<>();

		final List<CacheObjCacheManager> customized = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		CacheManagerCustomizer<CacheObjCacheManager> second() {
			return (manager) -> {
				this.applied.add("second");
				this.customized.add(manager);
			};
		}

		@Bean
		@Order(1)
		CacheManagerCustomizer<CacheObjCacheManager> first() {
			return (manager) -> {
				this.applied.add("first");
				this.customized.add(manager);
				manager.getCache("warmed");
			};
		}

		@Bean
		CacheManagerCustomizer<ConcurrentMapCacheManager> otherType() {
			return (manager) -> this.applied.add("wrong type");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class OutsideConfiguration {

		@Bean
		OutsideService outsideService() {
			return new OutsideService();
		}

	}

	static class OutsideService {

		private final AtomicInteger calls = new AtomicInteger();

		int calls() {
			return this.calls.get();
		}

		@Cacheable("parcels")
		public Parcel find(long id) {
			this.calls.incrementAndGet();
			return new Parcel(id, "parcel " + id);
		}

		@Cacheable("parcels")
		public Optional<List<Parcel>> all() {
			return Optional.of(List.of());
		}

		@CachePut(cacheNames = "parcels", key = "#p0.id")
		public Parcel save(Parcel parcel) {
			return parcel;
		}

		@Cacheable("labels")
		public String label(long id) {
			return "label " + id;
		}

		public Parcel uncached(long id) {
			return new Parcel(id, "uncached");
		}

	}

	/**
	 * A backend with only the required operations: no setIfAbsent, no compareAndSet.
	 */
	static class PlainBackend implements CacheBackend {

		private final Map<String, StoredValue> values = new ConcurrentHashMap<>();

		@Override
		public @Nullable StoredValue get(String key) {
			return this.values.get(key);
		}

		@Override
		public Map<String, StoredValue> getAll(Collection<String> keys) {
			Map<String, StoredValue> found = new HashMap<>();
			keys.forEach((key) -> {
				StoredValue value = this.values.get(key);
				if (value != null) {
					found.put(key, value);
				}
			});
			return found;
		}

		@Override
		public void set(String key, StoredValue value, @Nullable Duration ttl) {
			this.values.put(key, value);
		}

		@Override
		public boolean delete(String key) {
			return this.values.remove(key) != null;
		}

		@Override
		public long deleteAll(Collection<String> keys) {
			return keys.stream().filter(this::delete).count();
		}

		@Override
		public long increment(String key, long delta, @Nullable Duration ttl) {
			throw new UnsupportedOperationException();
		}

	}

}
