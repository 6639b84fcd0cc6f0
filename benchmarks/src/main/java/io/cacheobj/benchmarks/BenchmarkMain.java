package io.cacheobj.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark, then writes a Markdown table of medians, JMH's errors and the
 * ratios of cacheobj to the row it is compared with, against the goals.
 */
public final class BenchmarkMain {

	private static final List<Comparison> COMPARISONS = List.of(
			new Comparison("Redis get()", "RedisBenchmarks.getCacheobj", "RedisBenchmarks.getLettuce", 1.05),
			new Comparison("Redis get() vs StringRedisTemplate", "RedisBenchmarks.getCacheobj",
					"RedisBenchmarks.getStringRedisTemplate", 0),
			new Comparison("Redis set()", "RedisBenchmarks.setCacheobj", "RedisBenchmarks.setLettuce", 0),
			new Comparison("Redis load of 5", "RedisBenchmarks.load5Cacheobj", "RedisBenchmarks.load5LettuceMget",
					1.10),
			new Comparison("Redis load of 5 vs Redisson live object", "RedisBenchmarks.load5Cacheobj",
					"RedisBenchmarks.load5RedissonLiveObject", 0.2),
			new Comparison("Redis load of 5 vs Spring Data findById", "RedisBenchmarks.load5Cacheobj",
					"RedisBenchmarks.load5SpringDataFindById", 0),
			new Comparison("Redis loadAll of 100x5", "RedisBenchmarks.loadAll100Cacheobj",
					"RedisBenchmarks.loadAll100LettuceMget500", 1.2),
			new Comparison("Redis loadAll vs 500 pipelined GETs", "RedisBenchmarks.loadAll100Cacheobj",
					"RedisBenchmarks.loadAll100LettucePipelined500", 0),
			new Comparison("Redis loadAll vs Spring Data findAllById", "RedisBenchmarks.loadAll100Cacheobj",
					"RedisBenchmarks.loadAll100SpringDataFindAllById", 1.0 / 30),
			new Comparison("memcached get()", "MemcachedBenchmarks.getCacheobj", "MemcachedBenchmarks.getSpymemcached",
					1.05),
			new Comparison("memcached set()", "MemcachedBenchmarks.setCacheobj", "MemcachedBenchmarks.setSpymemcached",
					0),
			new Comparison("memcached loadAll of 100x5", "MemcachedBenchmarks.loadAll100Cacheobj",
					"MemcachedBenchmarks.loadAll100SpymemcachedGetBulk500", 0),
			new Comparison("memory get()", "MemoryBenchmarks.getCacheobj", "MemoryBenchmarks.getCaffeine", 3.0),
			new Comparison("memory get(), metrics on vs off", "MemoryBenchmarks.getCacheobjMetered",
					"MemoryBenchmarks.getCacheobj", 0),
			new Comparison("near cache: warm get() vs Caffeine getIfPresent", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetCaffeine", 3.0),
			new Comparison("near cache: warm get() vs Lettuce ClientSideCaching", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetLettuceClientSideCaching", 4.0),
			new Comparison("near cache: warm get() vs Redisson client-side caching bucket",
					"NearCacheBenchmarks.warmGetCacheobj", "NearCacheBenchmarks.warmGetRedissonClientSideCaching", 0.1),
			new Comparison("near cache: warm get() vs Redisson RLocalCachedMap", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetRedissonLocalCachedMap", 0.1),
			new Comparison("near cache: cold get() (a miss) vs the starter's plain get()",
					"NearCacheBenchmarks.coldGetNearCachedCacheobj", "NearCacheBenchmarks.coldGetPlainCacheobj", 1.10),
			new Comparison("starter: Redis get() vs Lettuce sync GET", "AsyncBenchmarks.getStarterCacheobj",
					"RedisBenchmarks.getLettuce", 1.05),
			new Comparison("starter: Redis loadAll 100x5 vs raw MGET of 500",
					"AsyncBenchmarks.loadAll100StarterCacheobj", "RedisBenchmarks.loadAll100LettuceMget500", 1.15),
			new Comparison("getAsync().join() vs Lettuce async get().get()", "AsyncBenchmarks.getAsyncJoinCacheobj",
					"AsyncBenchmarks.getAsyncLettuce", 1.05),
			new Comparison("loadAllAsync 100x5 vs loadAll", "AsyncBenchmarks.loadAllAsync100StarterCacheobj",
					"AsyncBenchmarks.loadAll100StarterCacheobj", 1.05),
			new Comparison("composite load (Redis + memcached) vs memcached load alone",
					"AsyncBenchmarks.loadCompositeCacheobj", "AsyncBenchmarks.loadMemcachedOnlyCacheobj", 1.15),
			new Comparison("composite load (Redis + memcached) vs Redis load alone",
					"AsyncBenchmarks.loadCompositeCacheobj", "AsyncBenchmarks.loadRedisOnlyCacheobj", 0),
			new Comparison("Redis compareAndSet vs set", "AsyncBenchmarks.compareAndSetRedisCacheobj",
					"AsyncBenchmarks.setRedisCacheobj", 0),
			new Comparison("memcached compareAndSet vs set", "AsyncBenchmarks.compareAndSetMemcachedCacheobj",
					"AsyncBenchmarks.setMemcachedCacheobj", 0),
			new Comparison("Redis Cluster (3 masters) loadAll 100x5 vs standalone loadAll",
					"ClusterBenchmarks.loadAll100ClusterCacheobj", "ClusterBenchmarks.loadAll100StandaloneCacheobj",
					2.0),
			new Comparison("Redis Cluster loadAll 100x5 vs Lettuce cluster MGET of the 500 keys",
					"ClusterBenchmarks.loadAll100ClusterCacheobj", "ClusterBenchmarks.mget500ClusterLettuce", 0));

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of((args.length > 0) ? args[0] : "benchmarks/results/latest.md");
		boolean quick = Boolean.getBoolean("bench.quick");
		Map<String, RunResult> results = new LinkedHashMap<>();
		collect(results, "",
				new Runner(options(quick)
					.include(System.getProperty("bench.include",
							"io.cacheobj.benchmarks.(Memory|Memcached|Redis|NearCache|Async|Cluster)Benchmarks"))
					.threads(1)
					.build()).run());
		Map<Integer, Map<String, RunResult>> throughput = new LinkedHashMap<>();
		for (int threads : (System.getProperty("bench.include") != null) ? new int[0] : new int[] { 1, 4, 16 }) {
			Map<String, RunResult> byName = new LinkedHashMap<>();
			collect(byName, "", new Runner(
					options(quick).include("io.cacheobj.benchmarks.RedisThroughputBenchmarks").threads(threads).build())
				.run());
			throughput.put(threads, byName);
		}
		String report = report(results, throughput) + invalidationDelay(quick ? 200 : 2000);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report);
		System.out.println(report);
	}

	private static String invalidationDelay(int writes) {
		try {
			return InvalidationDelay.measure(writes);
		}
		catch (RuntimeException ex) {
			return "\nInvalidation delay not measured: " + ex + "\n";
		}
	}

	private static ChainedOptionsBuilder options(boolean quick) {
		ChainedOptionsBuilder options = new OptionsBuilder().forks(quick ? 1 : 3)
			.shouldFailOnError(true)
			.addProfiler(GCProfiler.class)
			.jvmArgsAppend("-Dredis.port=" + System.getProperty("redis.port"),
					"-Dmemcached.port=" + System.getProperty("memcached.port"),
					"-Dredis.cluster=" + System.getProperty("redis.cluster", ""), "-Xms1g", "-Xmx1g");
		if (quick) {
			return options.warmupIterations(1)
				.warmupTime(TimeValue.seconds(1))
				.measurementIterations(2)
				.measurementTime(TimeValue.seconds(1));
		}
		return options.warmupIterations(3)
			.warmupTime(TimeValue.seconds(1))
			.measurementIterations(5)
			.measurementTime(TimeValue.seconds(1));
	}

	private static void collect(Map<String, RunResult> results, String prefix, Collection<RunResult> runs) {
		for (RunResult run : runs) {
			String label = run.getParams().getBenchmark();
			results.put(prefix + label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1), run);
		}
	}

	static String report(Map<String, RunResult> results, Map<Integer, Map<String, RunResult>> throughput) {
		StringBuilder out = new StringBuilder();
		out.append("Run ")
			.append(LocalDate.now())
			.append(" on ")
			.append(machine())
			.append(", ")
			.append(System.getProperty("java.vm.name"))
			.append(' ')
			.append(System.getProperty("java.version"))
			.append(". Placement: ")
			.append(System.getProperty("bench.placement", "not pinned"))
			.append(".\n\n");
		out.append("| benchmark | median | error (99.9%) | unit | per-fork medians | allocated B/op |\n");
		out.append("| --- | ---: | ---: | --- | --- | ---: |\n");
		results.forEach((name, run) -> {
			Result<?> primary = run.getPrimaryResult();
			out.append("| ").append(name).append(" | ").append(format(median(run))).append(" | ±");
			out.append(format(primary.getScoreError())).append(" | ").append(primary.getScoreUnit()).append(" | ");
			out.append(forkMedians(run).stream().map(BenchmarkMain::format).collect(Collectors.joining(" / ")));
			out.append(" | ").append(format(allocation(run))).append(" |\n");
		});
		out.append("\n| comparison | cacheobj / other (medians) | per fork | allocation ratio | goal | met |\n");
		out.append("| --- | ---: | --- | ---: | --- | --- |\n");
		for (Comparison comparison : COMPARISONS) {
			RunResult ours = results.get(comparison.ours());
			RunResult theirs = results.get(comparison.theirs());
			if (ours == null || theirs == null) {
				continue;
			}
			double ratio = median(ours) / median(theirs);
			List<Double> oursByFork = forkMedians(ours);
			List<Double> theirsByFork = forkMedians(theirs);
			List<String> perFork = new ArrayList<>();
			boolean everyFork = true;
			for (int i = 0; i < Math.min(oursByFork.size(), theirsByFork.size()); i++) {
				double forkRatio = oursByFork.get(i) / theirsByFork.get(i);
				everyFork &= comparison.goal() == 0 || forkRatio <= comparison.goal();
				perFork.add(String.format(Locale.ROOT, "%.3f", forkRatio));
			}
			String goal = (comparison.goal() == 0) ? "" : "≤ " + format(comparison.goal()) + "x";
			String met = (comparison.goal() == 0) ? "" : (ratio <= comparison.goal() && everyFork) ? "yes" : "**no**";
			out.append("| ").append(comparison.title()).append(" | ");
			out.append(String.format(Locale.ROOT, "%.3fx", ratio)).append(" | ").append(String.join(" / ", perFork));
			out.append(" | ").append(String.format(Locale.ROOT, "%.2fx", allocation(ours) / allocation(theirs)));
			out.append(" | ").append(goal).append(" | ").append(met).append(" |\n");
		}
		out.append(
				"\n| Redis get() threads | cacheobj ops/s | Lettuce ops/s | ratio |\n| ---: | ---: | ---: | ---: |\n");
		throughput.forEach((threads, byName) -> {
			RunResult ours = byName.get("RedisThroughputBenchmarks.getCacheobj");
			RunResult theirs = byName.get("RedisThroughputBenchmarks.getLettuce");
			if (ours != null && theirs != null) {
				out.append("| ")
					.append(threads)
					.append(" | ")
					.append(format(median(ours)))
					.append(" ±")
					.append(format(ours.getPrimaryResult().getScoreError()))
					.append(" | ")
					.append(format(median(theirs)))
					.append(" ±")
					.append(format(theirs.getPrimaryResult().getScoreError()))
					.append(" | ")
					.append(String.format(Locale.ROOT, "%.3f", median(ours) / median(theirs)))
					.append(" |\n");
			}
		});
		return out.toString();
	}

	private static List<Double> forkMedians(RunResult run) {
		List<Double> medians = new ArrayList<>();
		for (BenchmarkResult fork : run.getBenchmarkResults()) {
			medians.add(fork.getPrimaryResult().getStatistics().getPercentile(50));
		}
		return medians;
	}

	/**
	 * Return the bytes allocated per operation that JMH's GC profiler measured.
	 */
	private static double allocation(RunResult run) {
		for (Map.Entry<String, Result> result : run.getSecondaryResults().entrySet()) {
			if (result.getKey().endsWith("gc.alloc.rate.norm")) {
				return result.getValue().getScore();
			}
		}
		return Double.NaN;
	}

	private static double median(RunResult run) {
		return run.getPrimaryResult().getStatistics().getPercentile(50);
	}

	private static String format(double value) {
		if (Double.isNaN(value)) {
			return "n/a";
		}
		if (value >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, (value >= 10) ? "%.1f" : "%.3f", value);
	}

	private static String machine() {
		String model = "unknown CPU";
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					model = line.substring(line.indexOf(':') + 1).trim();
					break;
				}
			}
		}
		catch (IOException ex) {
			// No /proc on this system: the model stays unknown.
		}
		return System.getProperty("bench.cpus", Integer.toString(Runtime.getRuntime().availableProcessors()))
				+ " cores (" + model + ")";
	}

	/**
	 * One ratio of the report.
	 *
	 * @param title what is compared
	 * @param ours cacheobj's benchmark
	 * @param theirs the other benchmark
	 * @param goal the highest ratio that meets the goal, {@code 0} for none
	 */
	record Comparison(String title, String ours, String theirs, double goal) {

	}

}
