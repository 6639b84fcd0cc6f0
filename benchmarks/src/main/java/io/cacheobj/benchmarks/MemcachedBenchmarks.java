package io.cacheobj.benchmarks;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.MemcachedClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * cacheobj on memcached against spymemcached on the same server, protocol and data.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class MemcachedBenchmarks {

	MemcachedCacheBackend backend;

	CacheEntityRepository repository;

	MemcachedClient spymemcached;

	BenchUser[] users;

	String[] keys;

	String[] values;

	List<List<String>> batches;

	List<List<String>> batchKeys;

	@Setup
	public void setUp() throws Exception {
		InetSocketAddress server = new InetSocketAddress("127.0.0.1", BenchData.port("memcached.port"));
		this.backend = MemcachedCacheBackend.builder("memcached", List.of(server)).build();
		this.repository = CacheObjBinding.builder()
			.backend("memcached", this.backend, null)
			.defaultBackend("memcached")
			.build()
			.repository();
		this.spymemcached = new MemcachedClient(new ConnectionFactoryBuilder().setProtocol(Protocol.BINARY)
			.setLocatorType(Locator.CONSISTENT)
			.setHashAlg(DefaultHashAlgorithm.KETAMA_HASH)
			.setDaemon(true)
			.build(), List.of(server));
		this.users = new BenchUser[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		this.values = new String[BenchData.OBJECTS];
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			this.users[i] = this.repository.get(BenchUser.class, BenchData.id(i));
			this.users[i].p1.set(BenchData.value(i, 1));
			this.users[i].p2.set(BenchData.value(i, 2));
			this.users[i].p3.set(BenchData.value(i, 3));
			this.users[i].p4.set(BenchData.value(i, 4));
			this.users[i].p5.set(BenchData.value(i, 5));
			this.keys[i] = BenchData.key(i, 1);
			this.values[i] = BenchData.value(i, 1);
		}
		this.batches = new java.util.ArrayList<>();
		this.batchKeys = new java.util.ArrayList<>();
		for (int b = 0; b < BenchData.OBJECTS / BenchData.BATCH; b++) {
			this.batches.add(BenchData.ids(b * BenchData.BATCH, BenchData.BATCH));
			this.batchKeys.add(List.of(BenchData.keys(b * BenchData.BATCH, BenchData.BATCH)));
		}
	}

	@TearDown
	public void tearDown() {
		this.spymemcached.shutdown();
		this.backend.destroy();
	}

	@Benchmark
	public String getCacheobj(Cursor cursor) {
		return this.users[cursor.next()].p1.get();
	}

	@Benchmark
	public Object getSpymemcached(Cursor cursor) {
		return this.spymemcached.get(this.keys[cursor.next()]);
	}

	@Benchmark
	public void setCacheobj(Cursor cursor) {
		int i = cursor.next();
		this.users[i].p1.set(this.values[i]);
	}

	@Benchmark
	public Boolean setSpymemcached(Cursor cursor) throws Exception {
		int i = cursor.next();
		return this.spymemcached.set(this.keys[i], 0, this.values[i]).get();
	}

	@Benchmark
	public List<BenchUser> loadAll100Cacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUser.class, this.batches.get(cursor.nextBatch()));
	}

	@Benchmark
	public Map<String, Object> loadAll100SpymemcachedGetBulk500(Cursor cursor) {
		return this.spymemcached.getBulk(this.batchKeys.get(cursor.nextBatch()));
	}

}
