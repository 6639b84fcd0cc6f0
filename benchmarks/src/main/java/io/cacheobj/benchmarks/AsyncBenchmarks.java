package io.cacheobj.benchmarks;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Asynchronous calls, composite loads and atomic updates through the auto-configured
 * starter (circuit breakers on), against Lettuce's async API and the plain calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class AsyncBenchmarks {

	ConfigurableApplicationContext context;

	CacheEntityRepository repository;

	BenchUserPlain[] plainUsers;

	BenchUserMemcached[] memcachedUsers;

	String[] ids;

	String[] keys;

	String[] values;

	List<List<String>> batches;

	RedisClient lettuce;

	StatefulRedisConnection<String, String> connection;

	RedisAsyncCommands<String, String> async;

	RedisCommands<String, String> sync;

	@Setup
	public void setUp() throws Exception {
		int port = BenchData.port("redis.port");
		this.lettuce = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.lettuce.connect();
		this.async = this.connection.async();
		this.sync = this.connection.sync();
		MemcachedClient memcached = new MemcachedClient(
				new java.net.InetSocketAddress("127.0.0.1", BenchData.port("memcached.port")));
		this.context = StarterContext.start();
		this.repository = this.context.getBean(CacheEntityRepository.class);
		this.plainUsers = new BenchUserPlain[BenchData.OBJECTS];
		this.memcachedUsers = new BenchUserMemcached[BenchData.OBJECTS];
		this.ids = new String[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		this.values = new String[BenchData.OBJECTS];
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			this.ids[i] = BenchData.id(i);
			this.keys[i] = BenchData.key(i, 1);
			this.values[i] = BenchData.value(i, 1);
			for (int p = 1; p <= BenchData.PROPERTIES; p++) {
				this.connection.sync().set(BenchData.key(i, p), BenchData.value(i, p));
				memcached.set(BenchData.key(i, p), 0, BenchData.value(i, p)).get();
			}
			this.plainUsers[i] = this.repository.get(BenchUserPlain.class, this.ids[i]);
			this.memcachedUsers[i] = this.repository.get(BenchUserMemcached.class, this.ids[i]);
		}
		memcached.shutdown();
		this.batches = BenchData.batches();
	}

	@TearDown
	public void tearDown() {
		this.context.close();
		this.connection.close();
		this.lettuce.shutdown();
	}

	@Benchmark
	public String getAsyncJoinCacheobj(Cursor cursor) {
		return this.plainUsers[cursor.next()].p1.getAsync().join();
	}

	@Benchmark
	public String getAsyncLettuce(Cursor cursor) throws InterruptedException, ExecutionException {
		return this.async.get(this.keys[cursor.next()]).get();
	}

	@Benchmark
	public String getStarterCacheobj(Cursor cursor) {
		return this.plainUsers[cursor.next()].p1.get();
	}

	/**
	 * The starter's {@code get()} against Lettuce's sync {@code GET} of the same key,
	 * timed in {@link Pairs}.
	 */
	@Benchmark
	public void getPairedStarterVsLettuce(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int i = cursor.next();
		pairs.time(this.plainUsers[i].p1::get, () -> this.sync.get(this.keys[i]), blackhole);
	}

	@Benchmark
	public List<BenchUserPlain> loadAll100StarterCacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUserPlain.class, this.batches.get(cursor.nextBatch()));
	}

	@Benchmark
	public List<BenchUserPlain> loadAllAsync100StarterCacheobj(Cursor cursor) {
		return this.repository.loadAllAsync(BenchUserPlain.class, this.batches.get(cursor.nextBatch())).join();
	}

	@Benchmark
	public BenchComposite loadCompositeCacheobj(Cursor cursor) {
		return this.repository.load(BenchComposite.class, this.ids[cursor.next()]);
	}

	@Benchmark
	public BenchUserMemcached loadMemcachedOnlyCacheobj(Cursor cursor) {
		return this.repository.load(BenchUserMemcached.class, this.ids[cursor.next()]);
	}

	@Benchmark
	public BenchUserPlain loadRedisOnlyCacheobj(Cursor cursor) {
		return this.repository.load(BenchUserPlain.class, this.ids[cursor.next()]);
	}

	@Benchmark
	public void setRedisCacheobj(Cursor cursor) {
		int i = cursor.next();
		this.plainUsers[i].p2.set(this.values[i]);
	}

	@Benchmark
	public boolean compareAndSetRedisCacheobj(Cursor cursor) {
		int i = cursor.next();
		return this.plainUsers[i].p2.compareAndSet(this.values[i], this.values[i]);
	}

	@Benchmark
	public void setMemcachedCacheobj(Cursor cursor) {
		int i = cursor.next();
		this.memcachedUsers[i].p2.set(this.values[i]);
	}

	@Benchmark
	public boolean compareAndSetMemcachedCacheobj(Cursor cursor) {
		int i = cursor.next();
		return this.memcachedUsers[i].p2.compareAndSet(this.values[i], this.values[i]);
	}

}
