package io.cacheobj.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheBackendException;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.hostile.GadgetProbe;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import io.lettuce.core.resource.ClientResources;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Spring's cache annotations on cacheobj backends through a Boot context, against a real
 * Redis server with a near cache.
 */
class CacheObjCacheIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class))
		.withUserConfiguration(CatalogConfiguration.class);

	private ApplicationContextRunner redis(ManagedServer server, String... more) {
		List<String> properties = new ArrayList<>(List.of("cacheobj.backends.redis.type=redis",
				"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(), "cacheobj.backends.redis.timeout=3s",
				"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis",
				"cacheobj.spring-cache.caches.products.ttl=10m"));
		properties.addAll(List.of(more));
		return this.contextRunner.withPropertyValues(properties.toArray(String[]::new));
	}

	@Test
	void cacheableCachePutAndCacheEvictWorkThroughTheProxy(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			assertThat(catalog.find(id)).isEqualTo(new Product(id, "product " + id));
			assertThat(catalog.find(id)).isEqualTo(new Product(id, "product " + id));
			assertThat(catalog.calls(id)).isEqualTo(1);
			catalog.save(new Product(id, "renamed"));
			assertThat(catalog.find(id).name()).isEqualTo("renamed");
			assertThat(catalog.calls(id)).isEqualTo(1);
			catalog.remove(id);
			assertThat(catalog.find(id).name()).isEqualTo("product " + id);
			assertThat(catalog.calls(id)).isEqualTo(2);
			assertThat(cache(context).getNativeCache().get("products::" + id)).isNotNull();
		});
	}

	@Test
	void syncCacheableRunsTheLoaderOnceFor32Threads(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			CountDownLatch start = new CountDownLatch(1);
			ExecutorService executor = Executors.newFixedThreadPool(32);
			try {
				List<Future<Product>> results = new ArrayList<>();
				for (int i = 0; i < 32; i++) {
					results.add(executor.submit(() -> {
						start.await();
						return catalog.load(id);
					}));
				}
				start.countDown();
				for (Future<Product> result : results) {
					assertThat(result.get(30, TimeUnit.SECONDS).id()).isEqualTo(id);
				}
			}
			finally {
				executor.shutdownNow();
			}
			assertThat(catalog.calls(id)).isEqualTo(1);
		});
	}

	@Test
	void completableFutureMethodIsCachedWithoutBlocking(@RealServer(Kind.REDIS) ManagedServer server) {
		// One I/O thread for every connection: Spring's cache aspect stores the method's
		// result with a blocking put in a callback of the future retrieve returned, which
		// must therefore never complete on a client I/O thread.
		redis(server).withBean(ClientResources.class, () -> ClientResources.builder().ioThreadPoolSize(1).build())
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				long id = unique();
				assertThat(catalog.findAsync(id).get(10, TimeUnit.SECONDS).id()).isEqualTo(id);
				assertThat(catalog.findAsync(id).get(10, TimeUnit.SECONDS).id()).isEqualTo(id);
				assertThat(catalog.calls(id)).isEqualTo(1);
				long done = unique();
				assertThat(catalog.findDone(done).get(10, TimeUnit.SECONDS).id()).isEqualTo(done);
				assertThat(catalog.findDone(done).get(10, TimeUnit.SECONDS).id()).isEqualTo(done);
				assertThat(catalog.calls(done)).isEqualTo(1);
			});
	}

	@Test
	void aRedisCliWriteIsSeenByTheNextCallAfterTheNotice(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			assertThat(catalog.name(id)).isEqualTo("name " + id);
			assertThat(catalog.name(id)).isEqualTo("name " + id);
			NearCacheStatistics nearCache = cache(context, "names").getNearCache();
			long hits = nearCache.hits();
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				catalog.name(id);
				return nearCache.hits() > hits;
			});
			long invalidations = nearCache.invalidations();
			RedisTestSupport.redisCli(server, "SET", "names::" + id, "[\"java.lang.String\",\"written by redis-cli\"]");
			await().atMost(Duration.ofSeconds(10)).until(() -> nearCache.invalidations() > invalidations);
			assertThat(catalog.name(id)).isEqualTo("written by redis-cli");
			assertThat(catalog.calls(id)).isEqualTo(1);
		});
	}

	@Test
	void clearingAnotherCacheLeavesThisOneAlone(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			catalog.find(id);
			catalog.name(id);
			context.getBean(CacheManager.class).getCache("names").clear();
			catalog.find(id);
			catalog.name(id);
			assertThat(catalog.calls(id)).isEqualTo(3);
		});
	}

	@Test
	void actuatorCachesEndpointListsAndClearsTheCaches(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			catalog.find(id);
			CachesEndpoint endpoint = new CachesEndpoint(context.getBeansOfType(CacheManager.class));
			assertThat(endpoint.caches().getCacheManagers().get("cacheManager").getCaches()).containsKey("products");
			assertThat(endpoint.clearCache("products", null)).isTrue();
			catalog.find(id);
			assertThat(catalog.calls(id)).isEqualTo(2);
		});
	}

	@Test
	void aValueNamingAnUntrustedTypeIsNeverInstantiatedAndTheMethodRuns(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			Catalog catalog = context.getBean(Catalog.class);
			long id = unique();
			int before = GadgetProbe.CONSTRUCTIONS.get() + GadgetProbe.INITIALIZATIONS.get();
			RedisTestSupport.redisCli(server, "SET", "products::" + id, "[\"io.cacheobj.hostile.Gadget\",{}]");
			assertThat(catalog.find(id).id()).isEqualTo(id);
			assertThat(catalog.calls(id)).isEqualTo(1);
			assertThat(GadgetProbe.CONSTRUCTIONS.get() + GadgetProbe.INITIALIZATIONS.get()).isEqualTo(before);
			assertThat(catalog.find(id).id()).isEqualTo(id);
			assertThat(catalog.calls(id)).as("the method's result replaced the hostile value").isEqualTo(1);
		});
	}

	@Test
	void aBackendDownIsAMissWithOnErrorIgnoreAndAFailureWithThrow(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server, "cacheobj.backends.redis.on-error=ignore", "cacheobj.backends.redis.near-cache.enabled=false",
				"cacheobj.backends.redis.timeout=300ms")
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				long id = unique();
				catalog.find(id);
				server.signal("STOP");
				try {
					assertThat(catalog.find(id).id()).isEqualTo(id);
					assertThat(catalog.calls(id)).isEqualTo(2);
				}
				finally {
					server.signal("CONT");
				}
			});
		redis(server, "cacheobj.backends.redis.near-cache.enabled=false", "cacheobj.backends.redis.timeout=300ms")
			.run((context) -> {
				Catalog catalog = context.getBean(Catalog.class);
				long id = unique();
				catalog.find(id);
				server.signal("STOP");
				try {
					assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> catalog.find(id));
				}
				finally {
					server.signal("CONT");
				}
			});
	}

	private static CacheObjCache cache(AssertableApplicationContext context) {
		return cache(context, "products");
	}

	private static CacheObjCache cache(AssertableApplicationContext context, String name) {
		return (CacheObjCache) context.getBean(CacheManager.class).getCache(name);
	}

	private static final AtomicInteger ids = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

	private static long unique() {
		return ids.incrementAndGet();
	}

	record Product(long id, String name) {

	}

	static class Catalog {

		private final java.util.Map<Long, AtomicInteger> calls = new java.util.concurrent.ConcurrentHashMap<>();

		int calls(long id) {
			AtomicInteger count = this.calls.get(id);
			return (count != null) ? count.get() : 0;
		}

		private void called(long id) {
			this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@Cacheable("products")
		public Product find(long id) {
			called(id);
			return new Product(id, "product " + id);
		}

		@Cacheable(cacheNames = "products", sync = true)
		public Product load(long id) throws InterruptedException {
			called(id);
			Thread.sleep(300);
			return new Product(id, "product " + id);
		}

		@CachePut(cacheNames = "products", key = "#p0.id")
		public Product save(Product product) {
			return product;
		}

		@CacheEvict("products")
		public void remove(long id) {
		}

		@Cacheable("async")
		public CompletableFuture<Product> findAsync(long id) {
			called(id);
			return CompletableFuture.supplyAsync(() -> new Product(id, "product " + id));
		}

		@Cacheable("async")
		public CompletableFuture<Product> findDone(long id) {
			called(id);
			return CompletableFuture.completedFuture(new Product(id, "product " + id));
		}

		@Cacheable("names")
		public String name(long id) {
			called(id);
			return "name " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class CatalogConfiguration {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

}
