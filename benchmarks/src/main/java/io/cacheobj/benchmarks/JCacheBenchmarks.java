package io.cacheobj.benchmarks;

import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.jcache.CacheObjJCacheAutoConfiguration;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.binding.CacheObjStore;
import io.cacheobj.jcache.CacheObjJCacheManager;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.jcache.configuration.RedissonConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * JCache {@code get} and {@code put} of cacheobj's provider through the auto-configured
 * starter (its JCache manager bean, Redis with the near cache by default, a cache on the
 * backend without it by {@code cacheobj.jcache.caches.<name>.backend}), against a
 * {@code CachedValue} of the same starter on the same backend (timed in {@link Pairs}),
 * Redisson's JCache on the same server and Caffeine's JCache. Values are the same
 * 8-character strings.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class JCacheBenchmarks {

	ConfigurableApplicationContext context;

	BenchUser[] users;

	BenchUserPlain[] plainUsers;

	String[] keys;

	String[] values;

	Cache<String, String> near;

	Cache<String, String> plain;

	Cache<String, String> caffeine;

	Cache<String, String> redissonCache;

	RedissonClient redisson;

	CacheManager redissonManager;

	CacheManager caffeineManager;

	@Setup
	public void setUp() {
		int port = BenchData.port("redis.port");
		String url = "redis://127.0.0.1:" + port;
		RedisClient lettuce = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> loader = lettuce.connect()) {
			loader.sync().flushdb();
			for (int i = 0; i < BenchData.OBJECTS; i++) {
				loader.sync().set(BenchData.key(i, 1), BenchData.value(i, 1));
			}
		}
		finally {
			lettuce.shutdown();
		}
		this.context = new SpringApplicationBuilder(JCacheContext.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties("cacheobj.default-backend=near", "cacheobj.backends.near.type=redis",
					"cacheobj.backends.near.url=" + url, "cacheobj.backends.near.near-cache.enabled=true",
					"cacheobj.backends.near.near-cache.maximum-size=100000", "cacheobj.backends.plain.type=redis",
					"cacheobj.backends.plain.url=" + url, "cacheobj.backends.memcached.type=memcached",
					"cacheobj.backends.memcached.servers=127.0.0.1:" + BenchData.port("memcached.port"),
					"cacheobj.jcache.default-backend=near", "cacheobj.jcache.caches.bench-plain.backend=plain")
			.run();
		CacheManager manager = this.context.getBean(CacheManager.class);
		if (!(manager instanceof CacheObjJCacheManager)) {
			throw new IllegalStateException("The context's JCache manager is " + manager);
		}
		this.near = manager.createCache("bench-near", new MutableConfiguration<String, String>());
		this.plain = manager.createCache("bench-plain", new MutableConfiguration<String, String>());
		if (!this.plain.unwrap(CacheObjStore.class).backendName().equals("plain")
				|| this.near.unwrap(CacheObjStore.class).statistics() == null) {
			throw new IllegalStateException(
					"bench-plain is on " + this.plain.unwrap(CacheObjStore.class).backendName() + ", bench-near on "
							+ this.near.unwrap(CacheObjStore.class).backendName() + "; " + manager.getProperties());
		}
		this.caffeineManager = Caching
			.getCachingProvider("com.github.benmanes.caffeine.jcache.spi.CaffeineCachingProvider")
			.getCacheManager();
		this.caffeine = this.caffeineManager.createCache("bench-caffeine", new MutableConfiguration<>());
		Config config = new Config();
		config.setCodec(StringCodec.INSTANCE);
		config.useSingleServer().setAddress(url);
		this.redisson = Redisson.create(config);
		this.redissonManager = Caching.getCachingProvider("org.redisson.jcache.JCachingProvider").getCacheManager();
		this.redissonCache = this.redissonManager.createCache("bench-redisson",
				RedissonConfiguration.fromInstance(this.redisson, new MutableConfiguration<String, String>()));
		CacheEntityRepository repository = this.context.getBean(CacheEntityRepository.class);
		this.users = new BenchUser[BenchData.OBJECTS];
		this.plainUsers = new BenchUserPlain[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		this.values = new String[BenchData.OBJECTS];
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			this.users[i] = repository.get(BenchUser.class, BenchData.id(i));
			this.plainUsers[i] = repository.get(BenchUserPlain.class, BenchData.id(i));
			this.keys[i] = BenchData.id(i);
			this.values[i] = BenchData.value(i, 1);
			this.users[i].p1.get();
			for (Cache<String, String> cache : new Cache[] { this.near, this.plain, this.caffeine,
					this.redissonCache }) {
				cache.put(this.keys[i], this.values[i]);
				if (!this.values[i].equals(cache.get(this.keys[i]))) {
					throw new IllegalStateException(cache.getName() + " does not read back what it was given");
				}
			}
		}
	}

	@TearDown
	public void tearDown() {
		this.redissonManager.close();
		this.redisson.shutdown();
		this.caffeineManager.close();
		this.context.close();
	}

	/** A near-cached JCache hit against a near-cached {@code CachedValue.get}. */
	@Benchmark
	public void getNearPairedJCacheVsCachedValue(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int i = cursor.next();
		pairs.time(() -> this.near.get(this.keys[i]), this.users[i].p1::get, blackhole);
	}

	/** A JCache get from Redis against {@code CachedValue.get} on the same backend. */
	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void getRedisPairedJCacheVsCachedValue(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int i = cursor.next();
		pairs.time(() -> this.plain.get(this.keys[i]), this.plainUsers[i].p1::get, blackhole);
	}

	/** A JCache put to Redis against {@code CachedValue.set} on the same backend. */
	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void putRedisPairedJCacheVsCachedValue(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int i = cursor.next();
		pairs.time(() -> {
			this.plain.put(this.keys[i], this.values[i]);
			return null;
		}, () -> {
			this.plainUsers[i].p1.set(this.values[i]);
			return null;
		}, blackhole);
	}

	@Benchmark
	public String getNearCacheobjJCache(Cursor cursor) {
		return this.near.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String getCaffeineJCache(Cursor cursor) {
		return this.caffeine.get(this.keys[cursor.next()]);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public String getRedisCacheobjJCache(Cursor cursor) {
		return this.plain.get(this.keys[cursor.next()]);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public String getRedisRedissonJCache(Cursor cursor) {
		return this.redissonCache.get(this.keys[cursor.next()]);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void putRedisCacheobjJCache(Cursor cursor) {
		int i = cursor.next();
		this.plain.put(this.keys[i], this.values[i]);
	}

	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void putRedisRedissonJCache(Cursor cursor) {
		int i = cursor.next();
		this.redissonCache.put(this.keys[i], this.values[i]);
	}

	/**
	 * The starter's auto-configurations with their defaults, the JCache one included, as
	 * an application with cacheobj-jcache on its classpath runs them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ CacheObjAutoConfiguration.class, CacheObjResilienceAutoConfiguration.class,
			CacheObjMetricsAutoConfiguration.class, CacheObjJCacheAutoConfiguration.class })
	@CacheEntityScan(basePackageClasses = BenchUser.class)
	static class JCacheContext {

	}

}
