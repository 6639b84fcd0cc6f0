package io.cacheobj.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheWriteBatch;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.redisson.Redisson;
import org.redisson.api.RLiveObjectService;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.mapping.RedisMappingContext;
import org.springframework.data.redis.repository.support.RedisRepositoryFactory;

/**
 * Writes of 100 objects of 5 properties with a time to live, through the auto-configured
 * starter's {@code CacheWriteBatch}, against the raw clients sending the 500 writes
 * together, against 500 {@code set()} calls one after the other, and against Spring Data
 * Redis {@code saveAll} and Redisson live objects' {@code persist} of 100 objects; on
 * memcached also both sides timed in pairs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class WriteBatchBenchmarks {

	private static final Duration TTL = Duration.ofMinutes(10);

	ConfigurableApplicationContext context;

	CacheEntityRepository repository;

	BenchUser[][] redisUsers;

	BenchUserMemcached[][] memcachedUsers;

	String[][][] keys;

	String[][] values;

	RedisClient lettuce;

	StatefulRedisConnection<String, String> pipelined;

	RedisAsyncCommands<String, String> pipelinedCommands;

	MemcachedClient spymemcached;

	LettuceConnectionFactory connectionFactory;

	BenchUserHashRepository springData;

	List<List<BenchUserHash>> hashes;

	RedissonClient redisson;

	RLiveObjectService liveObjects;

	String[] liveIds;

	@Setup
	public void setUp() throws Exception {
		int redisPort = BenchData.port("redis.port");
		int memcachedPort = BenchData.port("memcached.port");
		String redis = "redis://127.0.0.1:" + redisPort;
		this.context = StarterContext.start("cacheobj.default-backend=plain", "cacheobj.backends.near.type=redis",
				"cacheobj.backends.near.url=" + redis, "cacheobj.backends.plain.type=redis",
				"cacheobj.backends.plain.url=" + redis, "cacheobj.backends.memcached.type=memcached",
				"cacheobj.backends.memcached.servers=127.0.0.1:" + memcachedPort);
		this.repository = this.context.getBean(CacheEntityRepository.class);
		int batches = BenchData.OBJECTS / BenchData.BATCH;
		this.redisUsers = new BenchUser[batches][BenchData.BATCH];
		this.memcachedUsers = new BenchUserMemcached[batches][BenchData.BATCH];
		this.keys = new String[batches][BenchData.BATCH][BenchData.PROPERTIES];
		this.values = new String[batches][BenchData.BATCH];
		this.hashes = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			List<BenchUserHash> hashes = new ArrayList<>();
			for (int i = 0; i < BenchData.BATCH; i++) {
				int index = b * BenchData.BATCH + i;
				this.redisUsers[b][i] = this.repository.get(BenchUser.class, BenchData.id(index));
				this.memcachedUsers[b][i] = this.repository.get(BenchUserMemcached.class, BenchData.id(index));
				for (int p = 1; p <= BenchData.PROPERTIES; p++) {
					this.keys[b][i][p - 1] = BenchData.key(index, p);
				}
				this.values[b][i] = BenchData.value(index, 1);
				hashes.add(new BenchUserHash(BenchData.id(index), BenchData.value(index, 1), BenchData.value(index, 2),
						BenchData.value(index, 3), BenchData.value(index, 4), BenchData.value(index, 5)));
			}
			this.hashes.add(hashes);
		}
		this.lettuce = RedisClient.create(RedisURI.create("127.0.0.1", redisPort));
		this.pipelined = this.lettuce.connect();
		this.pipelined.setAutoFlushCommands(false);
		this.pipelinedCommands = this.pipelined.async();
		InetSocketAddress server = new InetSocketAddress("127.0.0.1", memcachedPort);
		this.spymemcached = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(Protocol.BINARY)
			.setLocatorType(Locator.CONSISTENT)
			.setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
			.setDaemon(true)
			.build(), List.of(server));
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", redisPort),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.springData = springDataRepository(this.connectionFactory);
		Config config = new Config();
		config.useSingleServer().setAddress(redis);
		this.redisson = Redisson.create(config);
		this.liveObjects = this.redisson.getLiveObjectService();
		this.liveIds = new String[BenchData.BATCH];
		for (int i = 0; i < BenchData.BATCH; i++) {
			this.liveIds[i] = "batch-" + i;
		}
	}

	private static BenchUserHashRepository springDataRepository(LettuceConnectionFactory connectionFactory) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.afterPropertiesSet();
		RedisMappingContext mappingContext = new RedisMappingContext();
		RedisKeyValueAdapter adapter = new RedisKeyValueAdapter(template, mappingContext);
		adapter.afterPropertiesSet();
		return new RedisRepositoryFactory(new RedisKeyValueTemplate(adapter, mappingContext))
			.getRepository(BenchUserHashRepository.class);
	}

	@TearDown
	public void tearDown() {
		this.redisson.shutdown();
		this.connectionFactory.destroy();
		this.spymemcached.shutdown();
		this.pipelined.close();
		this.lettuce.shutdown();
		this.context.close();
	}

	/**
	 * Removes the live objects of the last {@code persist}, which refuses ids that exist.
	 */
	@State(Scope.Thread)
	public static class LiveObjects {

		@TearDown(Level.Invocation)
		public void delete(WriteBatchBenchmarks benchmarks) {
			benchmarks.liveObjects.delete(BenchUserLive.class, (Object[]) benchmarks.liveIds);
		}

	}

	@Benchmark
	public int redisBatch100x5Cacheobj(Cursor cursor) {
		int b = cursor.nextBatch();
		BenchUser[] users = this.redisUsers[b];
		String[] values = this.values[b];
		CacheWriteBatch batch = this.repository.batch();
		for (int i = 0; i < users.length; i++) {
			BenchUser user = users[i];
			String value = values[i];
			batch.set(user.p1, value, TTL)
				.set(user.p2, value, TTL)
				.set(user.p3, value, TTL)
				.set(user.p4, value, TTL)
				.set(user.p5, value, TTL);
		}
		batch.execute();
		return batch.size();
	}

	@Benchmark
	public int redisBatch100x5LettuceOneFlush(Cursor cursor) {
		int b = cursor.nextBatch();
		String[][] keys = this.keys[b];
		String[] values = this.values[b];
		SetArgs px = SetArgs.Builder.px(TTL.toMillis());
		RedisFuture<?>[] futures = new RedisFuture<?>[keys.length * BenchData.PROPERTIES];
		int n = 0;
		for (int i = 0; i < keys.length; i++) {
			for (String key : keys[i]) {
				futures[n++] = this.pipelinedCommands.set(key, values[i], px);
			}
		}
		this.pipelined.flushCommands();
		LettuceFutures.awaitAll(Duration.ofSeconds(5), futures);
		return n;
	}

	@Benchmark
	public int redisSet500SequentialCacheobj(Cursor cursor) {
		int b = cursor.nextBatch();
		BenchUser[] users = this.redisUsers[b];
		String[] values = this.values[b];
		for (int i = 0; i < users.length; i++) {
			BenchUser user = users[i];
			String value = values[i];
			user.p1.set(value, TTL);
			user.p2.set(value, TTL);
			user.p3.set(value, TTL);
			user.p4.set(value, TTL);
			user.p5.set(value, TTL);
		}
		return users.length * BenchData.PROPERTIES;
	}

	@Benchmark
	public Object redisSaveAll100SpringData(Cursor cursor) {
		return this.springData.saveAll(this.hashes.get(cursor.nextBatch()));
	}

	@Benchmark
	public Object redisPersist100RedissonLiveObjects(Cursor cursor, LiveObjects live) {
		BenchUserLive[] objects = new BenchUserLive[BenchData.BATCH];
		String[] values = this.values[cursor.nextBatch()];
		for (int i = 0; i < objects.length; i++) {
			BenchUserLive object = new BenchUserLive();
			object.setId(this.liveIds[i]);
			object.setP1(values[i]);
			object.setP2(values[i]);
			object.setP3(values[i]);
			object.setP4(values[i]);
			object.setP5(values[i]);
			objects[i] = object;
		}
		return this.liveObjects.persist(objects);
	}

	@Benchmark
	public int memcachedBatch100x5Cacheobj(Cursor cursor) {
		return memcachedBatch(cursor.nextBatch());
	}

	@Benchmark
	public int memcachedSet500Spymemcached(Cursor cursor) {
		return spymemcachedSet500(cursor.nextBatch());
	}

	/**
	 * The batch against spymemcached's 500 asynchronous {@code set}s awaited together, of
	 * the same keys, timed in {@link Pairs}: their ratio does not move with the machine's
	 * speed between forks.
	 */
	@Benchmark
	public void memcachedBatchPairedCacheobjVsSpymemcached(Cursor cursor, Pairs pairs, Blackhole blackhole) {
		int b = cursor.nextBatch();
		pairs.time(() -> memcachedBatch(b), () -> spymemcachedSet500(b), blackhole);
	}

	private int memcachedBatch(int b) {
		BenchUserMemcached[] users = this.memcachedUsers[b];
		String[] values = this.values[b];
		CacheWriteBatch batch = this.repository.batch();
		for (int i = 0; i < users.length; i++) {
			BenchUserMemcached user = users[i];
			String value = values[i];
			batch.set(user.p1, value, TTL)
				.set(user.p2, value, TTL)
				.set(user.p3, value, TTL)
				.set(user.p4, value, TTL)
				.set(user.p5, value, TTL);
		}
		batch.execute();
		return batch.size();
	}

	private int spymemcachedSet500(int b) {
		String[][] keys = this.keys[b];
		String[] values = this.values[b];
		int expiry = (int) TTL.toSeconds();
		List<Future<Boolean>> futures = new ArrayList<>(keys.length * BenchData.PROPERTIES);
		for (int i = 0; i < keys.length; i++) {
			for (String key : keys[i]) {
				futures.add(this.spymemcached.set(key, expiry, values[i]));
			}
		}
		try {
			for (Future<Boolean> future : futures) {
				future.get(5, TimeUnit.SECONDS);
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		return futures.size();
	}

}
