package io.cacheobj.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.cache.CacheObjCacheAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.spring.cache.CacheConfig;
import org.redisson.spring.cache.RedissonSpringCacheManager;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * A {@code @Cacheable} method called through Spring's proxy on the same 1,000 keys: a hit
 * on cacheobj's near-cached Redis cache (the auto-configured starter) against the same
 * method on {@code CaffeineCacheManager}, Spring Data Redis's {@code RedisCacheManager}
 * and Redisson's {@code RedissonSpringCacheManager}; and a miss (the method runs, the
 * value is stored) against {@code RedisCacheManager}'s miss, with cacheobj's near cache
 * and without it, which tells what the store costs from what the near cache's tracking
 * costs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class SpringCacheBenchmarks {

	static final int KEYS = 1000;

	ConfigurableApplicationContext cacheobj;

	ConfigurableApplicationContext cacheobjPlain;

	AnnotationConfigApplicationContext caffeine;

	AnnotationConfigApplicationContext redisCacheManager;

	AnnotationConfigApplicationContext redisson;

	Catalog cacheobjCatalog;

	Catalog cacheobjPlainCatalog;

	Catalog caffeineCatalog;

	Catalog redisCatalog;

	Catalog redissonCatalog;

	int next;

	final AtomicLong fresh = new AtomicLong(System.nanoTime());

	@Setup(Level.Trial)
	public void start() {
		String url = "redis://127.0.0.1:" + BenchData.port("redis.port");
		this.cacheobj = new SpringApplicationBuilder(CacheobjApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("cacheobj.default-backend=near", "cacheobj.backends.near.type=redis",
					"cacheobj.backends.near.url=" + url, "cacheobj.backends.near.near-cache.enabled=true",
					"cacheobj.backends.near.near-cache.maximum-size=100000", "cacheobj.spring-cache.default-ttl=10m")
			.run();
		this.cacheobjPlain = new SpringApplicationBuilder(CacheobjApplication.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("cacheobj.default-backend=plain", "cacheobj.backends.plain.type=redis",
					"cacheobj.backends.plain.url=" + url, "cacheobj.spring-cache.default-ttl=10m")
			.run();
		this.cacheobjPlainCatalog = this.cacheobjPlain.getBean(Catalog.class);
		this.caffeine = context(CaffeineConfiguration.class);
		this.redisCacheManager = context(RedisCacheManagerConfiguration.class);
		this.redisson = context(RedissonConfiguration.class);
		this.cacheobjCatalog = this.cacheobj.getBean(Catalog.class);
		this.caffeineCatalog = this.caffeine.getBean(Catalog.class);
		this.redisCatalog = this.redisCacheManager.getBean(Catalog.class);
		this.redissonCatalog = this.redisson.getBean(Catalog.class);
		for (int i = 0; i < KEYS; i++) {
			this.cacheobjCatalog.find(i);
			this.caffeineCatalog.find(i);
			this.redisCatalog.find(i);
			this.redissonCatalog.find(i);
		}
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < KEYS; i++) {
				this.cacheobjCatalog.find(i);
			}
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.cacheobj.close();
		this.cacheobjPlain.close();
		this.caffeine.close();
		this.redisCacheManager.close();
		this.redisson.close();
	}

	private static AnnotationConfigApplicationContext context(Class<?> configuration) {
		return new AnnotationConfigApplicationContext(configuration, Catalog.class);
	}

	private int key() {
		int key = this.next;
		this.next = (key + 1 == KEYS) ? 0 : key + 1;
		return key;
	}

	@Benchmark
	public String hitCacheobjNearCachedRedis() {
		return this.cacheobjCatalog.find(key());
	}

	@Benchmark
	public String hitCaffeineCacheManager() {
		return this.caffeineCatalog.find(key());
	}

	@Benchmark
	public String hitRedisCacheManager() {
		return this.redisCatalog.find(key());
	}

	@Benchmark
	public String hitRedissonSpringCacheManager() {
		return this.redissonCatalog.find(key());
	}

	@Benchmark
	public String missCacheobjNearCachedRedis() {
		return this.cacheobjCatalog.find(this.fresh.incrementAndGet());
	}

	@Benchmark
	public String missCacheobjRedis() {
		return this.cacheobjPlainCatalog.find(this.fresh.incrementAndGet());
	}

	@Benchmark
	public String missRedisCacheManager() {
		return this.redisCatalog.find(this.fresh.incrementAndGet());
	}

	/**
	 * The cached method: a product's name by id.
	 */
	public static class Catalog {

		@Cacheable("products")
		public String find(long id) {
			return "product " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@ImportAutoConfiguration({ CacheObjAutoConfiguration.class, CacheObjResilienceAutoConfiguration.class,
			CacheObjCacheAutoConfiguration.class })
	static class CacheobjApplication {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CaffeineConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new CaffeineCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RedisCacheManagerConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", BenchData.port("redis.port")));
		}

		@Bean
		CacheManager cacheManager(LettuceConnectionFactory connectionFactory) {
			return RedisCacheManager.builder(connectionFactory)
				.cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
					.entryTtl(Duration.ofMinutes(10))
					.serializeValuesWith(SerializationPair.fromSerializer(RedisSerializer.string())))
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class RedissonConfiguration {

		@Bean(destroyMethod = "shutdown")
		RedissonClient redisson() {
			Config config = new Config();
			config.useSingleServer().setAddress("redis://127.0.0.1:" + BenchData.port("redis.port"));
			config.setCodec(StringCodec.INSTANCE);
			return Redisson.create(config);
		}

		@Bean
		CacheManager cacheManager(RedissonClient redisson) {
			RedissonSpringCacheManager manager = new RedissonSpringCacheManager(redisson);
			manager.setConfig(java.util.Map.of("products", new CacheConfig(Duration.ofMinutes(10).toMillis(), 0)));
			return manager;
		}

	}

}
