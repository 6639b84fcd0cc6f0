package io.cacheobj.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.lettuce.core.RedisURI;
import io.lettuce.core.KeyValue;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bulk loads on a local Redis Cluster of three masters through the auto-configured
 * starter ({@code cluster-nodes} and defaults), beside the same loads on the standalone
 * server.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class ClusterBenchmarks {

	ConfigurableApplicationContext context;

	CacheEntityRepository repository;

	List<List<String>> batches;

	String[][] keyBatches;

	RedisClusterClient lettuce;

	StatefulRedisClusterConnection<String, String> lettuceConnection;

	@Setup
	public void setUp() {
		String nodes = System.getProperty("redis.cluster");
		if (nodes == null || nodes.isEmpty()) {
			throw new IllegalStateException("Run with -Dredis.cluster=host:port,... (benchmarks/run starts a cluster)");
		}
		List<RedisURI> seeds = Arrays.stream(nodes.split(","))
			.map((node) -> RedisURI.create("redis://" + node))
			.toList();
		RedisClusterClient client = RedisClusterClient.create(seeds);
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			for (int i = 0; i < BenchData.OBJECTS; i++) {
				for (int p = 1; p <= BenchData.PROPERTIES; p++) {
					connection.sync().set(BenchData.key(i, p), BenchData.value(i, p));
				}
			}
		}
		finally {
			client.shutdown();
		}
		this.lettuce = RedisClusterClient.create(seeds);
		this.lettuceConnection = this.lettuce.connect();
		this.keyBatches = new String[BenchData.OBJECTS / BenchData.BATCH][];
		for (int b = 0; b < this.keyBatches.length; b++) {
			this.keyBatches[b] = BenchData.keys(b * BenchData.BATCH, BenchData.BATCH);
		}
		String redis = "redis://127.0.0.1:" + BenchData.port("redis.port");
		this.context = StarterContext.start("cacheobj.default-backend=plain", "cacheobj.backends.near.type=redis",
				"cacheobj.backends.near.url=" + redis, "cacheobj.backends.plain.type=redis",
				"cacheobj.backends.plain.url=" + redis, "cacheobj.backends.memcached.type=memcached",
				"cacheobj.backends.memcached.servers=127.0.0.1:" + BenchData.port("memcached.port"),
				"cacheobj.backends.cluster.type=redis", "cacheobj.backends.cluster.cluster-nodes=" + nodes,
				"bench.cluster-backend=cluster");
		this.repository = this.context.getBean(CacheEntityRepository.class);
		this.batches = BenchData.batches();
	}

	@TearDown
	public void tearDown() {
		this.lettuceConnection.close();
		this.lettuce.shutdown();
		this.context.close();
	}

	@Benchmark
	public List<KeyValue<String, String>> mget500ClusterLettuce(Cursor cursor) {
		return this.lettuceConnection.sync().mget(this.keyBatches[cursor.nextBatch()]);
	}

	@Benchmark
	public List<BenchUserCluster> loadAll100ClusterCacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUserCluster.class, this.batches.get(cursor.nextBatch()));
	}

	@Benchmark
	public List<BenchUserPlain> loadAll100StandaloneCacheobj(Cursor cursor) {
		return this.repository.loadAll(BenchUserPlain.class, this.batches.get(cursor.nextBatch()));
	}

}
