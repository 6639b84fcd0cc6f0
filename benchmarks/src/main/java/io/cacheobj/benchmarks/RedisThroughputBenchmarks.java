package io.cacheobj.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * {@code get()} on Redis from several threads sharing one backend (and one Lettuce
 * connection for the raw client); the thread count is set per run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedisThroughputBenchmarks {

	@Benchmark
	public String getCacheobj(RedisBenchmarks redis, Cursor cursor) {
		return redis.getCacheobj(cursor);
	}

	@Benchmark
	public String getLettuce(RedisBenchmarks redis, Cursor cursor) {
		return redis.getLettuce(cursor);
	}

}
