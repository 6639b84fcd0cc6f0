package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.Map;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.autoconfigure.invalid.UnknownBackendEntity;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjAutoConfiguration}.
 */
class CacheObjAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class));

	@Test
	void defaultsToOneMemoryBackendNamedMemory() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(CacheEntityRepository.class);
			assertThat(context).hasSingleBean(CacheBackend.class);
			assertThat(context.getBean("memory")).isInstanceOf(MemoryCacheBackend.class);
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			Greeting greeting = repository.get(Greeting.class, "en");
			greeting.text().set("hello");
			assertThat(context.getBean("memory", CacheBackend.class).get("Greeting.en.text")).isNotNull();
		});
	}

	@Test
	void eachConfiguredBackendIsABeanUnderItsName() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.big.type=memory",
					"cacheobj.backends.big.maximum-size=5", "cacheobj.default-backend=big")
			.run((context) -> {
				assertThat(context).getBeans(CacheBackend.class).containsOnlyKeys("local", "big");
				assertThat(context).doesNotHaveBean("memory");
				Greeting greeting = context.getBean(CacheEntityRepository.class).get(Greeting.class, "en");
				greeting.text().set("hello");
				assertThat(context.getBean("big", CacheBackend.class).get("Greeting.en.text")).isNotNull();
				assertThat(context.getBean("local", CacheBackend.class).get("Greeting.en.text")).isNull();
			});
	}

	@Test
	void onlyConfiguredBackendIsTheDefault() {
		this.contextRunner.withPropertyValues("cacheobj.backends.only.type=memory").run((context) -> {
			context.getBean(CacheEntityRepository.class).get(Greeting.class, "en").text().set("hi");
			assertThat(context.getBean("only", CacheBackend.class).get("Greeting.en.text")).isNotNull();
		});
	}

	@Test
	void keyPrefixIsApplied() {
		this.contextRunner
			.withBean("recording", RecordingCacheBackend.class,
					() -> new RecordingCacheBackend(MemoryCacheBackend.builder("r").build()))
			.withPropertyValues("cacheobj.key-prefix=app:", "cacheobj.default-backend=recording")
			.run((context) -> {
				Greeting greeting = context.getBean(CacheEntityRepository.class).get(Greeting.class, "en");
				assertThat(greeting.text().key()).isEqualTo("app:Greeting.en.text");
			});
	}

	@Test
	void userBackendBeanIsUsableByItsName() {
		this.contextRunner
			.withBean("custom", RecordingCacheBackend.class,
					() -> new RecordingCacheBackend(MemoryCacheBackend.builder("c").build()))
			.withUserConfiguration(StatsConfiguration.class)
			.withPropertyValues("cacheobj.default-backend=custom")
			.run((context) -> {
				assertThat(context).getBeans(CacheBackend.class).containsOnlyKeys("custom", "memory");
				context.getBean(Stats.class).visits.incrementAndGet();
				assertThat(context.getBean(RecordingCacheBackend.class).calls())
					.containsExactly("increment Stats.visits");
			});
	}

	@Test
	void beanFieldsAreBoundAndProxiedBeansUseTheirUserClassName() {
		this.contextRunner.withUserConfiguration(StatsConfiguration.class, AsyncConfiguration.class).run((context) -> {
			Stats stats = context.getBean(Stats.class);
			assertThat(stats.visits.key()).isEqualTo("Stats.visits");
			AsyncStats proxied = context.getBean(AsyncStats.class);
			assertThat(AopUtils.isCglibProxy(proxied)).isTrue();
			assertThat(proxied.keyOfHits()).isEqualTo("AsyncStats.hits");
		});
	}

	@Test
	void backendDefaultTtlAppliesToItsProperties() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.local.default-ttl=90s")
			.withUserConfiguration(StatsConfiguration.class, RecordingConfiguration.class)
			.run((context) -> {
				context.getBean(Stats.class).visits.set(1);
				assertThat(context.getBean("local", RecordingCacheBackend.class).lastTtl())
					.isEqualTo(Duration.ofSeconds(90));
			});
	}

	@Test
	void placeholdersResolveAgainstTheEnvironment() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.elsewhere.type=memory",
					"cacheobj.default-backend=local", "app.stats-backend=elsewhere")
			.withUserConfiguration(PlaceholderStatsConfiguration.class)
			.run((context) -> {
				context.getBean(PlaceholderStats.class).hits.incrementAndGet();
				assertThat(context.getBean("elsewhere", CacheBackend.class).get("PlaceholderStats.hits")).isNotNull();
				assertThat(context.getBean("local", CacheBackend.class).get("PlaceholderStats.hits")).isNull();
			});
	}

	@Test
	void userRepositoryBacksOff() {
		CacheEntityRepository own = CacheObjBinding.builder()
			.backend("m", MemoryCacheBackend.builder("m").build(), null)
			.build()
			.repository();
		this.contextRunner.withBean(CacheEntityRepository.class, () -> own)
			.run((context) -> assertThat(context).getBean(CacheEntityRepository.class).isSameAs(own));
	}

	@Test
	void userBindingBacksOff() {
		CacheObjBinding own = CacheObjBinding.builder()
			.backend("m", MemoryCacheBackend.builder("m").build(), null)
			.build();
		this.contextRunner.withBean(CacheObjBinding.class, () -> own)
			.run((context) -> assertThat(context).getBean(CacheObjBinding.class).isSameAs(own));
	}

	@Test
	void memoryBackendWithoutCaffeineFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Caffeine.class)).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MissingBackendClientException.class)
				.hasMessageContaining("'memory'");
		});
	}

	@Test
	void unknownBackendTypeFailsBinding() {
		this.contextRunner.withPropertyValues("cacheobj.backends.x.type=mongo").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure().hasRootCauseInstanceOf(IllegalArgumentException.class);
			assertThat(context.getStartupFailure()).isInstanceOf(BindException.class)
				.hasMessageContaining("cacheobj.backends");
		});
	}

	@Test
	void backendWithoutTypeFails() {
		this.contextRunner.withPropertyValues("cacheobj.backends.x.maximum-size=10").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("cacheobj.backends.x.type");
		});
	}

	@Test
	void negativeMaximumSizeFails() {
		this.contextRunner.withPropertyValues("cacheobj.backends.x.type=memory", "cacheobj.backends.x.maximum-size=-1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("cacheobj.backends.x.maximum-size"));
	}

	@Test
	void unknownDefaultBackendFails() {
		this.contextRunner.withPropertyValues("cacheobj.default-backend=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("cacheobj.default-backend")
				.hasMessageContaining("'redis'")
				.hasMessageContaining("[memory]");
		});
	}

	@Test
	void entityNamingAnUnknownBackendFailsStartUp() {
		this.contextRunner.withUserConfiguration(ScanInvalidConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CacheEntityDefinitionException.class)
				.hasMessageContaining(UnknownBackendEntity.class.getName() + ".value")
				.hasMessageContaining("'nowhere'");
		});
	}

	@Test
	void beanWithAnUnsupportedFieldTypeFailsStartUp() {
		this.contextRunner.withUserConfiguration(BadBeanConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(CacheEntityDefinitionException.class)
				.hasMessageContaining("BadBean.count");
		});
	}

	@Test
	void validEntitiesInScannedPackagesStartUp() {
		this.contextRunner.withUserConfiguration(ScanValidConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void backendsAreGivenTheirProperties() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.tiny.type=memory", "cacheobj.backends.tiny.maximum-size=0")
			.run((context) -> {
				CacheBackend tiny = context.getBean("tiny", CacheBackend.class);
				tiny.set("k", io.cacheobj.backend.StoredValue.of(new byte[] { 1 }), null);
				org.awaitility.Awaitility.await().until(() -> tiny.get("k") == null);
			});
	}

	@Test
	void propertiesBindEveryBackendSetting() {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource(
				Map.of("cacheobj.backends.m.type", "memcached", "cacheobj.backends.m.servers", "a:1,b:2",
						"cacheobj.backends.m.protocol", "binary", "cacheobj.backends.m.failure-mode", "cancel",
						"cacheobj.backends.m.cluster-nodes", "h:1,h:2", "cacheobj.backends.m.timeout", "3s"));
		CacheObjBackendProperties backend = new Binder(source).bind("cacheobj", CacheObjProperties.class)
			.get()
			.getBackends()
			.get("m");
		assertThat(backend.getServers()).containsExactly("a:1", "b:2");
		assertThat(backend.getProtocol()).isEqualTo(CacheObjBackendProperties.MemcachedProtocol.BINARY);
		assertThat(backend.getFailureMode()).isEqualTo(CacheObjBackendProperties.MemcachedFailureMode.CANCEL);
		assertThat(backend.getClusterNodes()).containsExactly("h:1", "h:2");
		assertThat(backend.getTimeout()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void settingThatDoesNotApplyToTheBackendTypeStopsStartUp() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memory", "cacheobj.backends.m.servers=a:1",
					"cacheobj.backends.m.url=redis://localhost")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidCacheObjPropertyException.class)
					.hasMessageContaining("cacheobj.backends.m.url")
					.hasMessageContaining("does not apply to a memory backend (nor do servers)");
			});
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://localhost",
					"cacheobj.backends.r.password=secret")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.r.password")
				.hasMessageContaining("without cluster-nodes")
				.hasMessageNotContaining("secret"));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.c.type=memcached", "cacheobj.backends.c.servers=a:1",
					"cacheobj.backends.c.maximum-size=5")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.c.maximum-size")
				.hasMessageContaining("does not apply to a memcached backend"));
	}

	@Test
	void testReplaceAnyServesEveryRemoteBackendFromMemoryUnderItsName() {
		this.contextRunner.withPropertyValues("cacheobj.test.replace=any", "cacheobj.backends.r.type=redis",
				"cacheobj.backends.r.url=redis://127.0.0.1:1", "cacheobj.backends.r.default-ttl=5m",
				"cacheobj.backends.c.type=memcached", "cacheobj.backends.c.servers=127.0.0.1:1",
				"cacheobj.backends.m.type=memory", "cacheobj.backends.m.maximum-size=3", "cacheobj.default-backend=r")
			.run((context) -> {
				assertThat(context).getBeans(CacheBackend.class).containsOnlyKeys("r", "c", "m");
				assertThat(context.getBeansOfType(CacheBackend.class).values())
					.allMatch(MemoryCacheBackend.class::isInstance);
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "en").text().set("hello");
				assertThat(context.getBean("r", CacheBackend.class).get("Greeting.en.text")).isNotNull();
				PropertiesCacheBackendSettings settings = context.getBean(PropertiesCacheBackendSettings.class);
				assertThat(settings.get("r").defaultTtl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(settings.get("m").memory().maximumSize()).isEqualTo(3);
			});
	}

	@Test
	void testReplaceAnyStillChecksTheReplacedBackendsSettings() {
		this.contextRunner
			.withPropertyValues("cacheobj.test.replace=any", "cacheobj.backends.c.type=memcached",
					"cacheobj.backends.c.servers=127.0.0.1:1", "cacheobj.backends.c.maximum-size=5")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.c.maximum-size"));
	}

	@Test
	void nearCacheSettingsAreCheckedAtStartUp() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memory", "cacheobj.backends.m.near-cache.enabled=true")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.m.near-cache.enabled")
				.hasMessageContaining("remote backends only"));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.c.type=memcached", "cacheobj.backends.c.servers=127.0.0.1:1",
					"cacheobj.backends.c.near-cache.enabled=true")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.c.near-cache.ttl")
				.hasMessageContaining("is not set"));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.c.type=memcached", "cacheobj.backends.c.servers=127.0.0.1:1",
					"cacheobj.backends.c.near-cache.enabled=true", "cacheobj.backends.c.near-cache.ttl=0s")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.c.near-cache.ttl")
				.hasMessageContaining("is not positive"));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.c.type=memcached", "cacheobj.backends.c.servers=127.0.0.1:1",
					"cacheobj.backends.c.near-cache.enabled=true", "cacheobj.backends.c.near-cache.ttl=5s",
					"cacheobj.backends.c.near-cache.tracking=optin")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("cacheobj.backends.c.near-cache.tracking")
				.hasMessageContaining("applies to redis backends only"));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.near-cache.enabled=true",
					"cacheobj.backends.r.near-cache.tracking=sometimes")
			.run((context) -> assertThat(context.getStartupFailure()).hasStackTraceContaining("sometimes"));
	}

	@Configuration(proxyBeanMethods = false)
	static class StatsConfiguration {

		@Bean
		Stats stats() {
			return new Stats();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlaceholderStatsConfiguration {

		@Bean
		PlaceholderStats placeholderStats() {
			return new PlaceholderStats();
		}

	}

	static class PlaceholderStats {

		@CachedProperty(backend = "${app.stats-backend}")
		CachedCounter hits;

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingConfiguration {

		@Bean
		static BeanPostProcessor recordingBackends() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof MemoryCacheBackend backend) ? new RecordingCacheBackend(backend) : bean;
				}

			};
		}

	}

	static class Stats {

		@CachedProperty
		CachedCounter visits;

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAsync(proxyTargetClass = true)
	static class AsyncConfiguration {

		@Bean
		AsyncStats asyncStats() {
			return new AsyncStats();
		}

	}

	static class AsyncStats {

		@CachedProperty
		CachedCounter hits;

		@Async
		public void touch() {
		}

		public String keyOfHits() {
			return this.hits.key();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = UnknownBackendEntity.class)
	static class ScanInvalidConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan("io.cacheobj.autoconfigure.valid")
	static class ScanValidConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class BadBeanConfiguration {

		@Bean
		BadBean badBean() {
			return new BadBean();
		}

	}

	static class BadBean {

		@CachedProperty
		CachedValue<String> fine;

		@CachedProperty
		Long count;

	}

}
