package io.cacheobj.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.redisson.Redisson;
import org.redisson.api.RLiveObjectService;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.mapping.RedisMappingContext;
import org.springframework.data.redis.repository.support.RedisRepositoryFactory;

/**
 * cacheobj on Redis against Lettuce, {@code StringRedisTemplate}, Redisson live objects
 * and Spring Data Redis repositories, on the same data in one run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class RedisBenchmarks {

	LettuceConnectionFactory connectionFactory;

	CacheEntityRepository repository;

	BenchUser[] users;

	RedisClient lettuce;

	StatefulRedisConnection<String, String> connection;

	RedisCommands<String, String> sync;

	RedisAsyncCommands<String, String> async;

	StringRedisTemplate template;

	RedissonClient redisson;

	RLiveObjectService liveObjects;

	BenchUserHashRepository springData;

	String[] keys;

	String[] ids;

	String[] values;

	String[][] loadKeys;

	List<List<String>> batches;

	String[][] batchKeys;

	@Setup
	public void setUp() {
		int port = BenchData.port("redis.port");
		this.connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.repository = CacheObjBinding.builder()
			.backend("redis", RedisCacheBackend.create("redis", this.connectionFactory), null)
			.defaultBackend("redis")
			.build()
			.repository();
		this.lettuce = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.lettuce.connect();
		this.sync = this.connection.sync();
		this.async = this.connection.async();
		this.template = new StringRedisTemplate(this.connectionFactory);
		this.template.afterPropertiesSet();
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:" + port);
		this.redisson = Redisson.create(config);
		this.liveObjects = this.redisson.getLiveObjectService();
		this.springData = springDataRepository(this.connectionFactory);

		this.sync.flushdb();
		this.users = new BenchUser[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		this.ids = new String[BenchData.OBJECTS];
		this.values = new String[BenchData.OBJECTS];
		this.loadKeys = new String[BenchData.OBJECTS][];
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			for (int p = 1; p <= BenchData.PROPERTIES; p++) {
				this.sync.set(BenchData.key(i, p), BenchData.value(i, p));
			}
			this.users[i] = this.repository.get(BenchUser.class, BenchData.id(i));
			this.keys[i] = BenchData.key(i, 1);
			this.ids[i] = BenchData.id(i);
			this.values[i] = BenchData.value(i, 1);
			this.loadKeys[i] = BenchData.keys(i, 1);
			BenchUserLive live = new BenchUserLive();
			live.setId(BenchData.id(i));
			live = this.liveObjects.persist(live);
			live.setP1(BenchData.value(i, 1));
			live.setP2(BenchData.value(i, 2));
			live.setP3(BenchData.value(i, 3));
			live.setP4(BenchData.value(i, 4));
			live.setP5(BenchData.value(i, 5));
			this.springData.save(new BenchUserHash(BenchData.id(i), BenchData.value(i, 1), BenchData.value(i, 2),
					BenchData.value(i, 3), BenchData.value(i, 4), BenchData.value(i, 5)));
		}
		this.batches = new ArrayList<>();
		this.batchKeys = new String[BenchData.OBJECTS / BenchData.BATCH][];
		for (int b = 0; b < BenchData.OBJECTS / BenchData.BATCH; b++) {
			this.batches.add(BenchData.ids(b * BenchData.BATCH, BenchData.BATCH));
			this.batchKeys[b] = BenchData.keys(b * BenchData.BATCH, BenchData.BATCH);
		}
	}

	private static BenchUserHashRepository springDataRepository(LettuceConnectionFactory connectionFactory) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.afterPropertiesSet();
		RedisMappingContext mappingContext = new RedisMappingContext();
		RedisKeyValueAdapter adapter = new RedisKeyValueAdapter(template, mappingContext);
		adapter.afterPropertiesSet();
		RedisKeyValueTemplate keyValueTemplate = new RedisKeyValueTemplate(adapter, mappingContext);
		return new RedisRepositoryFactory(keyValueTemplate).getRepository(BenchUserHashRepository.class);
	}

	@TearDown
	public void tearDown() {
		this.redisson.shutdown();
		this.connection.close();
		this.lettuce.shutdown();
		this.connectionFactory.destroy();
	}

	@Benchmark
	public String getCacheobj(Cursor cursor) {
		return this.users[cursor.next()].p1.get();
	}

	@Benchmark
	public String getLettuce(Cursor cursor) {
		return this.sync.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public String getStringRedisTemplate(Cursor cursor) {
		return this.template.opsForValue().get(this.keys[cursor.next()]);
	}

	@Benchmark
	public void setCacheobj(Cursor cursor) {
		int i = cursor.next();
		this.users[i].p1.set(this.values[i]);
	}

	@Benchmark
	public String setLettuce(Cursor cursor) {
		int i = cursor.next();
		return this.sync.set(this.keys[i], this.values[i]);
	}

	@Benchmark
	public void setStringRedisTemplate(Cursor cursor) {
		int i = cursor.next();
		this.template.opsForValue().set(this.keys[i], this.values[i]);
	}

	@Benchmark
	public BenchUser load5Cacheobj(Cursor cursor) {
		return this.repository.load(BenchUser.class, this.ids[cursor.next()]);
	}

	@Benchmark
	public List<KeyValue<String, String>> load5LettuceMget(Cursor cursor) {
		return this.sync.mget(this.loadKeys[cursor.next()]);
	}

	@Benchmark
	public int load5RedissonLiveObject(Cursor cursor) {
		BenchUserLive live = this.liveObjects.get(BenchUserLive.class, this.ids[cursor.next()]);
		return live.getP1().length() + live.getP2().length() + live.getP3().length() + live.getP4().length()
				+ live.getP5().length();
	}

	@Benchmark
	public Object load5SpringDataFindById(Cursor cursor) {
		return this.springData.findById(this.ids[cursor.next()]).orElseThrow();
	}

	@Benchmark
	public List<BenchUser> loadAll100Cacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUser.class, this.batches.get(cursor.nextBatch()));
	}

	@Benchmark
	public List<KeyValue<String, String>> loadAll100LettuceMget500(Cursor cursor) {
		return this.sync.mget(this.batchKeys[cursor.nextBatch()]);
	}

	@Benchmark
	public List<String> loadAll100LettucePipelined500(Cursor cursor) throws Exception {
		String[] batch = this.batchKeys[cursor.nextBatch()];
		List<RedisFuture<String>> futures = new ArrayList<>(batch.length);
		for (String key : batch) {
			futures.add(this.async.get(key));
		}
		LettuceFutures.awaitAll(Duration.ofSeconds(5), futures.toArray(new RedisFuture[0]));
		List<String> values = new ArrayList<>(batch.length);
		for (RedisFuture<String> future : futures) {
			values.add(future.get());
		}
		return values;
	}

	@Benchmark
	public Iterable<BenchUserHash> loadAll100SpringDataFindAllById(Cursor cursor) {
		return this.springData.findAllById(this.batches.get(cursor.nextBatch()));
	}

}
