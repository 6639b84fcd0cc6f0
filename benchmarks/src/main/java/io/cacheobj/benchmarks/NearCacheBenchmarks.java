package io.cacheobj.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
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
import org.redisson.api.RBucket;
import org.redisson.api.RClientSideCaching;
import org.redisson.api.RLocalCachedMap;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.ClientSideCachingOptions;
import org.redisson.api.options.LocalCachedMapOptions;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.Protocol;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Warm reads of near-cached Redis properties through the auto-configured starter, against
 * Caffeine, Lettuce's {@code ClientSideCaching}, Redisson's RESP3 client-side caching and
 * {@code RLocalCachedMap} on the same keys; and the cost of a near cache on a cold read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class NearCacheBenchmarks {

	ConfigurableApplicationContext context;

	CacheEntityRepository repository;

	NearCacheStatistics nearCache;

	BenchUser[] users;

	BenchUserPlain[] plainUsers;

	String[] keys;

	String[] ids;

	List<List<String>> batches;

	Cache<String, String> caffeine;

	Cache<String, String> caffeineAll;

	String[][] batchKeys;

	List<Set<String>> batchKeySets;

	RedisClient lettuce;

	StatefulRedisConnection<String, String> lettuceConnection;

	CacheFrontend<String, String> lettuceFrontend;

	RedissonClient redisson;

	RClientSideCaching redissonCaching;

	RBucket<String>[] redissonBuckets;

	RLocalCachedMap<String, String> redissonLocalMap;

	@Setup
	@SuppressWarnings("unchecked")
	public void setUp() throws InterruptedException {
		int port = BenchData.port("redis.port");
		String url = "redis://127.0.0.1:" + port;
		this.lettuce = RedisClient.create(RedisURI.create("127.0.0.1", port));
		StatefulRedisConnection<String, String> loader = this.lettuce.connect();
		loader.sync().flushdb();
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			for (int p = 1; p <= BenchData.PROPERTIES; p++) {
				loader.sync().set(BenchData.key(i, p), BenchData.value(i, p));
			}
		}
		loader.close();
		this.context = StarterContext.start();
		this.repository = this.context.getBean(CacheEntityRepository.class);
		this.nearCache = this.context.getBean(CacheObjBinding.class).nearCacheStatistics().get("near");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!this.nearCache.isActive()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Tracking was not established");
			}
			Thread.sleep(10);
		}
		this.users = new BenchUser[BenchData.OBJECTS];
		this.plainUsers = new BenchUserPlain[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		this.ids = new String[BenchData.OBJECTS];
		this.caffeine = Caffeine.newBuilder().maximumSize(100_000).build();
		this.lettuceConnection = this.lettuce.connect();
		this.lettuceFrontend = ClientSideCaching.enable(CacheAccessor.forMap(new ConcurrentHashMap<>()),
				this.lettuceConnection, TrackingArgs.Builder.enabled());
		Config config = new Config();
		config.setProtocol(Protocol.RESP3);
		config.useSingleServer().setAddress(url);
		this.redisson = Redisson.create(config);
		this.redissonCaching = this.redisson.getClientSideCaching(ClientSideCachingOptions.defaults().size(100_000));
		this.redissonBuckets = new RBucket[BenchData.OBJECTS];
		this.redissonLocalMap = this.redisson
			.getLocalCachedMap(LocalCachedMapOptions.<String, String>name("bench-local").codec(StringCodec.INSTANCE));
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			this.users[i] = this.repository.get(BenchUser.class, BenchData.id(i));
			this.plainUsers[i] = this.repository.get(BenchUserPlain.class, BenchData.id(i));
			this.keys[i] = BenchData.key(i, 1);
			this.ids[i] = BenchData.id(i);
			this.users[i].p1.get();
			this.caffeine.put(this.keys[i], BenchData.value(i, 1));
			this.lettuceFrontend.get(this.keys[i]);
			this.redissonBuckets[i] = this.redissonCaching.getBucket(this.keys[i], StringCodec.INSTANCE);
			this.redissonBuckets[i].get();
			this.redissonLocalMap.fastPut(this.keys[i], BenchData.value(i, 1));
			this.redissonLocalMap.get(this.keys[i]);
		}
		this.batches = BenchData.batches();
		this.batches.forEach((batch) -> this.repository.loadAll(BenchUser.class, batch));
		this.caffeineAll = Caffeine.newBuilder().maximumSize(100_000).build();
		this.batchKeys = new String[this.batches.size()][];
		this.batchKeySets = new ArrayList<>();
		for (int b = 0; b < this.batchKeys.length; b++) {
			this.batchKeys[b] = BenchData.keys(b * BenchData.BATCH, BenchData.BATCH);
			this.batchKeySets.add(new LinkedHashSet<>(Arrays.asList(this.batchKeys[b])));
			for (int k = 0; k < this.batchKeys[b].length; k++) {
				String key = this.batchKeys[b][k];
				String value = BenchData.value(b * BenchData.BATCH + k / BenchData.PROPERTIES,
						k % BenchData.PROPERTIES + 1);
				this.caffeineAll.put(key, value);
				this.redissonLocalMap.fastPut(key, value);
				this.redissonLocalMap.get(key);
			}
		}
	}

	@TearDown
	public void tearDown() {
		this.redisson.shutdown();
		this.lettuceFrontend.close();
		this.lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		this.context.close();
	}

	@Benchmark
	public String warmGetCacheobj(Cursor cursor) {
		return this.users[cursor.next()].p1.get();
	}

	/**
	 * A warm read through an object bound anew, as a request that calls
	 * {@code repository.get(...)} each time: the binding and one near-cache lookup.
	 */
	@Benchmark
	public String warmGetFreshObjectCacheobj(Cursor cursor) {
		return this.repository.get(BenchUser.class, this.ids[cursor.next()]).p1.get();
	}

	@Benchmark
	public String warmGetCaffeine(Cursor cursor) {
		return this.caffeine.getIfPresent(this.keys[cursor.next()]);
	}

	@Benchmark
	public String warmGetLettuceClientSideCaching(Cursor cursor) {
		return this.lettuceFrontend.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String warmGetRedissonClientSideCaching(Cursor cursor) {
		return this.redissonBuckets[cursor.next()].get();
	}

	@Benchmark
	public String warmGetRedissonLocalCachedMap(Cursor cursor) {
		return this.redissonLocalMap.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public List<BenchUser> warmLoadAll100Cacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUser.class, this.batches.get(cursor.nextBatch()));
	}

	/**
	 * What any near cache keyed by the keys must do at least for a {@code loadAll} of
	 * 100: 500 lookups of keys built beforehand, without binding objects, in a cache
	 * holding the same 5,000 keys.
	 */
	@Benchmark
	public void warmLoadAll100Caffeine500(Cursor cursor, Blackhole blackhole) {
		for (String key : this.batchKeys[cursor.nextBatch()]) {
			blackhole.consume(this.caffeineAll.getIfPresent(key));
		}
	}

	@Benchmark
	public Map<String, String> warmLoadAll100RedissonLocalCachedMap(Cursor cursor) {
		return this.redissonLocalMap.getAll(this.batchKeySets.get(cursor.nextBatch()));
	}

	/**
	 * A cold read of a near-cached property (its copy evicted first, untimed, by writing
	 * the same value again, as an application would) against a read of the same key on a
	 * backend without a near cache, timed in {@link Pairs}.
	 */
	@Benchmark
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public void coldGetPairedCacheobj(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int i = cursor.next();
		this.users[i].p1.set(BenchData.value(i, 1));
		pairs.time(this.users[i].p1::get, this.plainUsers[i].p1::get, blackhole);
	}

}
