package io.cacheobj.autoconfigure.cache;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheValueException;
import io.cacheobj.actuate.CacheObjEndpoint;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.actuate.CacheObjEndpointAutoConfiguration;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.outside.Parcel;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A Spring cache that cannot store or read back a value says so, against real servers: an
 * untrusted type stops start-up or fails the first put, a put that cannot be stored
 * leaves no old value to be served, values no longer trusted are counted by reason, and
 * two JVMs loading one key through {@code retrieve} and {@code get(key, Callable)} settle
 * on one value.
 */
class SpringCacheTrustIntegrationTests {

	private static final AtomicInteger ids = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class,
				CacheObjEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=cacheobj");

	private ApplicationContextRunner redis(ManagedServer server, String... more) {
		return this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(),
					"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis")
			.withPropertyValues(more);
	}

	@Test
	void aRecordOutsideTheApplicationsPackagesIsReportedAtStartUpAndWithTheSettingIsServedFromTheNearCache(
			@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).withUserConfiguration(ParcelConfiguration.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(failure).isInstanceOf(UntrustedCacheValueTypeException.class);
			FailureAnalysis analysis = new UntrustedCacheValueTypeFailureAnalyzer().analyze(failure);
			assertThat(analysis.getDescription()).contains(ParcelService.class.getName() + ".find(long)")
				.contains("io.cacheobj.outside.Parcel")
				.contains("cacheobj.spring-cache.trusted-packages");
			assertThat(analysis.getAction()).contains("cacheobj.spring-cache.trusted-packages=io.cacheobj.outside");
		});
		redis(server, "cacheobj.spring-cache.trusted-packages=io.cacheobj.outside")
			.withUserConfiguration(ParcelConfiguration.class)
			.run((context) -> {
				ParcelService service = context.getBean(ParcelService.class);
				long id = ids.incrementAndGet();
				Parcel parcel = service.find(id);
				NearCacheStatistics nearCache = cache(context, "parcels").getNearCache();
				long hits = nearCache.hits();
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					service.find(id);
					return nearCache.hits() > hits;
				});
				RedisTestSupport.resetStats(server);
				for (int i = 0; i < 500; i++) {
					assertThat(service.find(id)).isEqualTo(parcel);
				}
				assertThat(RedisTestSupport.calls(server, "get")).isZero();
				assertThat(service.calls(id)).isEqualTo(1);
			});
	}

	@Test
	void aProgrammaticPutOfAnUntrustedTypeFailsAtTheFirstPutAndWritesNothing(
			@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).withUserConfiguration(CachingConfiguration.class).run((context) -> {
			Cache cache = context.getBean(CacheManager.class).getCache("programmatic");
			assertThatExceptionOfType(CacheValueException.class)
				.isThrownBy(() -> cache.put("k", new Parcel(1, "outside")))
				.withMessageContaining("io.cacheobj.outside.Parcel")
				.withMessageContaining("'programmatic'")
				.withMessageContaining("cacheobj.spring-cache.trusted-packages");
			assertThat(server.send("EXISTS programmatic::k")).startsWith(":0");
			assertThat(cache.get("k")).isNull();
		});
	}

	@Test
	void aCachePutOverMemcachedsItemLimitFailsAndNoJvmReadsTheOldValue(
			@RealServer(Kind.MEMCACHED) ManagedServer server) {
		ApplicationContextRunner memcached = this.contextRunner.withUserConfiguration(PayloadConfiguration.class)
			.withPropertyValues("cacheobj.backends.mc.type=memcached",
					"cacheobj.backends.mc.servers=127.0.0.1:" + server.port(), "cacheobj.default-backend=mc");
		memcached.run((first) -> memcached.run((second) -> {
			PayloadService writer = first.getBean(PayloadService.class);
			PayloadService reader = second.getBean(PayloadService.class);
			long id = ids.incrementAndGet();
			assertThat(writer.find(id)).isEqualTo("small " + id);
			assertThat(reader.find(id)).isEqualTo("small " + id);
			assertThat(reader.calls(id)).as("the second JVM read the first one's value").isZero();
			assertThatExceptionOfType(CacheValueException.class)
				.isThrownBy(() -> writer.save(id, "x".repeat(2_000_000)))
				.withMessageContaining("memcached");
			assertThat(reader.find(id)).isEqualTo("small " + id);
			assertThat(reader.calls(id)).as("a miss on the other JVM, not the old value").isEqualTo(1);
			assertThat(writer.find(id)).isEqualTo("small " + id);
		}));
	}

	@Test
	void valuesOfATypeNoLongerTrustedAreMissesCountedByReasonInTheEndpoint(
			@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server, "cacheobj.spring-cache.trusted-packages=io.cacheobj.outside")
			.withUserConfiguration(ParcelConfiguration.class)
			.run((context) -> {
				long id = ids.incrementAndGet();
				context.getBean(ParcelService.class).find(id);
				assertThat(server.send("GET parcels::" + id)).contains("io.cacheobj.outside.Parcel");
			});
		redis(server).withUserConfiguration(LabelConfiguration.class).run((context) -> {
			long id = ids.incrementAndGet();
			RedisTestSupport.redisCli(server, "SET", "labels::" + id,
					"[\"io.cacheobj.outside.Parcel\",{\"id\":" + id + ",\"label\":\"old version\"}]");
			LabelService service = context.getBean(LabelService.class);
			assertThat(service.label(id)).isEqualTo("label " + id);
			assertThat(service.label(id)).isEqualTo("label " + id);
			assertThat(service.calls(id)).isEqualTo(1);
			CacheObjCache cache = cache(context, "labels");
			assertThat(cache.getUntrustedTypeCount()).isEqualTo(1);
			assertThat(cache.getUndecodableCount()).isZero();
			Map<String, Object> described = context.getBean(CacheObjEndpoint.class).describe().caches().get("labels");
			assertThat(described).containsEntry("backend", "redis");
			assertThat(described.get("decodeErrors"))
				.asInstanceOf(InstanceOfAssertFactories.map(String.class, Object.class))
				.containsEntry("untrusted-type", 1L)
				.containsEntry("topReason", "untrusted-type");
		});
	}

	@Test
	void twoJvmsLoadingOneKeyThroughRetrieveAndGetWithLoaderSettleOnOneValue(
			@RealServer(Kind.REDIS) ManagedServer server) {
		ApplicationContextRunner runner = redis(server).withUserConfiguration(CachingConfiguration.class);
		runner.run((first) -> runner.run((second) -> {
			Cache sync = first.getBean(CacheManager.class).getCache("settle");
			Cache async = second.getBean(CacheManager.class).getCache("settle");
			ExecutorService executor = Executors.newFixedThreadPool(2);
			try {
				for (int i = 0; i < 20; i++) {
					String key = "k" + ids.incrementAndGet();
					CountDownLatch bothLoading = new CountDownLatch(2);
					Future<Object> viaGet = executor.submit(() -> sync.get(key, () -> {
						bothLoading.countDown();
						bothLoading.await(10, TimeUnit.SECONDS);
						return "from get";
					}));
					Future<Object> viaRetrieve = executor
						.submit(() -> async.retrieve(key, () -> CompletableFuture.supplyAsync(() -> {
							bothLoading.countDown();
							try {
								bothLoading.await(10, TimeUnit.SECONDS);
							}
							catch (InterruptedException ex) {
								Thread.currentThread().interrupt();
							}
							return "from retrieve";
						})).get(10, TimeUnit.SECONDS));
					Object one = viaGet.get(30, TimeUnit.SECONDS);
					Object other = viaRetrieve.get(30, TimeUnit.SECONDS);
					assertThat(bothLoading.getCount()).as("both loaders ran").isZero();
					assertThat(one).as(key).isEqualTo(other);
					assertThat(sync.get(key).get()).isEqualTo(one);
					assertThat(async.get(key).get()).isEqualTo(one);
				}
			}
			finally {
				executor.shutdownNow();
			}
		}));
	}

	private static CacheObjCache cache(AssertableApplicationContext context, String name) {
		return (CacheObjCache) context.getBean(CacheManager.class).getCache(name);
	}

	static class Counted {

		private final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();

		int calls(long id) {
			AtomicInteger count = this.calls.get(id);
			return (count != null) ? count.get() : 0;
		}

		void called(long id) {
			this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

	static class ParcelService extends Counted {

		@Cacheable("parcels")
		public Parcel find(long id) {
			called(id);
			return new Parcel(id, "parcel " + id);
		}

	}

	static class LabelService extends Counted {

		@Cacheable("labels")
		public String label(long id) {
			called(id);
			return "label " + id;
		}

	}

	static class PayloadService extends Counted {

		@Cacheable("payloads")
		public String find(long id) {
			called(id);
			return "small " + id;
		}

		@CachePut(cacheNames = "payloads", key = "#p0")
		public String save(long id, String payload) {
			return payload;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class CachingConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class ParcelConfiguration {

		@Bean
		ParcelService parcelService() {
			return new ParcelService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class LabelConfiguration {

		@Bean
		LabelService labelService() {
			return new LabelService();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class PayloadConfiguration {

		@Bean
		PayloadService payloadService() {
			return new PayloadService();
		}

	}

}
