package io.cacheobj.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
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
			new Comparison("Redis batch of 100x5 with TTL", "WriteBatchBenchmarks.redisBatch100x5Cacheobj",
					"WriteBatchBenchmarks.redisBatch100x5LettuceOneFlush", 1.2),
			new Comparison("Redis batch vs 500 sequential set()", "WriteBatchBenchmarks.redisBatch100x5Cacheobj",
					"WriteBatchBenchmarks.redisSet500SequentialCacheobj", 1.0 / 30),
			new Comparison("Redis batch vs Spring Data saveAll", "WriteBatchBenchmarks.redisBatch100x5Cacheobj",
					"WriteBatchBenchmarks.redisSaveAll100SpringData", 0),
			new Comparison("Redis batch vs Redisson persist", "WriteBatchBenchmarks.redisBatch100x5Cacheobj",
					"WriteBatchBenchmarks.redisPersist100RedissonLiveObjects", 0),
			new Comparison("memcached batch of 100x5 with TTL", "WriteBatchBenchmarks.memcachedBatch100x5Cacheobj",
					"WriteBatchBenchmarks.memcachedSet500Spymemcached", 1.2),
			new Comparison("memcached batch of 100x5 with TTL, timed in pairs",
					"WriteBatchBenchmarks.memcachedBatchPairedCacheobjVsSpymemcached:ours",
					"WriteBatchBenchmarks.memcachedBatchPairedCacheobjVsSpymemcached:theirs", 1.2),
			new Comparison("memory get()", "MemoryBenchmarks.getCacheobj", "MemoryBenchmarks.getCaffeine", 3.0),
			new Comparison("memory get(), metrics on vs off", "MemoryBenchmarks.getCacheobjMetered",
					"MemoryBenchmarks.getCacheobj", 0),
			new Comparison("near cache: warm get() vs Caffeine getIfPresent", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetCaffeine", 3.0),
			new Comparison("near cache: warm get() through an object bound per read vs Caffeine getIfPresent",
					"NearCacheBenchmarks.warmGetFreshObjectCacheobj", "NearCacheBenchmarks.warmGetCaffeine", 0),
			new Comparison("near cache: warm get() vs Lettuce ClientSideCaching", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetLettuceClientSideCaching", 4.0),
			new Comparison("near cache: warm get() vs Redisson client-side caching bucket",
					"NearCacheBenchmarks.warmGetCacheobj", "NearCacheBenchmarks.warmGetRedissonClientSideCaching", 0.1),
			new Comparison("near cache: warm get() vs Redisson RLocalCachedMap", "NearCacheBenchmarks.warmGetCacheobj",
					"NearCacheBenchmarks.warmGetRedissonLocalCachedMap", 0.1),
			new Comparison("near cache: warm loadAll 100x5 vs 500 Caffeine getIfPresent of prebuilt keys",
					"NearCacheBenchmarks.warmLoadAll100Cacheobj", "NearCacheBenchmarks.warmLoadAll100Caffeine500", 0),
			new Comparison("near cache: warm loadAll 100x5 vs Redisson RLocalCachedMap getAll of the 500 keys",
					"NearCacheBenchmarks.warmLoadAll100Cacheobj",
					"NearCacheBenchmarks.warmLoadAll100RedissonLocalCachedMap", 0),
			new Comparison("near cache: cold get() (a miss) vs the starter's plain get()",
					"NearCacheBenchmarks.coldGetPairedCacheobj:ours",
					"NearCacheBenchmarks.coldGetPairedCacheobj:theirs", 1.10),
			new Comparison("starter: Redis get() vs Lettuce sync GET", "AsyncBenchmarks.getStarterCacheobj",
					"RedisBenchmarks.getLettuce", 1.05),
			new Comparison("starter: Redis get() vs Lettuce sync GET, timed in pairs",
					"AsyncBenchmarks.getPairedStarterVsLettuce:ours",
					"AsyncBenchmarks.getPairedStarterVsLettuce:theirs", 1.05),
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
			new Comparison("@Cacheable hit: cacheobj near-cached Redis vs CaffeineCacheManager",
					"SpringCacheBenchmarks.hitCacheobjNearCachedRedis", "SpringCacheBenchmarks.hitCaffeineCacheManager",
					1.5),
			new Comparison("@Cacheable hit: cacheobj near-cached Redis vs RedisCacheManager",
					"SpringCacheBenchmarks.hitCacheobjNearCachedRedis", "SpringCacheBenchmarks.hitRedisCacheManager",
					0.01),
			new Comparison("@Cacheable hit: cacheobj near-cached Redis vs RedissonSpringCacheManager",
					"SpringCacheBenchmarks.hitCacheobjNearCachedRedis",
					"SpringCacheBenchmarks.hitRedissonSpringCacheManager", 0.01),
			new Comparison("@Cacheable miss: cacheobj vs RedisCacheManager",
					"SpringCacheBenchmarks.missCacheobjNearCachedRedis", "SpringCacheBenchmarks.missRedisCacheManager",
					1.1),
			new Comparison("@Cacheable miss: cacheobj without a near cache vs RedisCacheManager",
					"SpringCacheBenchmarks.missCacheobjRedis", "SpringCacheBenchmarks.missRedisCacheManager", 1.1),
			new Comparison("JCache get(), near cache: cacheobj's JCache vs CachedValue.get(), timed in pairs",
					"JCacheBenchmarks.getNearPairedJCacheVsCachedValue:ours",
					"JCacheBenchmarks.getNearPairedJCacheVsCachedValue:theirs", 1.1),
			new Comparison("JCache get() from Redis: cacheobj's JCache vs CachedValue.get(), timed in pairs",
					"JCacheBenchmarks.getRedisPairedJCacheVsCachedValue:ours",
					"JCacheBenchmarks.getRedisPairedJCacheVsCachedValue:theirs", 1.1),
			new Comparison("JCache put() to Redis: cacheobj's JCache vs CachedValue.set(), timed in pairs",
					"JCacheBenchmarks.putRedisPairedJCacheVsCachedValue:ours",
					"JCacheBenchmarks.putRedisPairedJCacheVsCachedValue:theirs", 1.1),
			new Comparison("JCache get(): cacheobj near-cached Redis vs Caffeine's JCache",
					"JCacheBenchmarks.getNearCacheobjJCache", "JCacheBenchmarks.getCaffeineJCache", 0),
			new Comparison("JCache get() from Redis: cacheobj vs Redisson's JCache",
					"JCacheBenchmarks.getRedisCacheobjJCache", "JCacheBenchmarks.getRedisRedissonJCache", 0),
			new Comparison("JCache put() to Redis: cacheobj vs Redisson's JCache",
					"JCacheBenchmarks.putRedisCacheobjJCache", "JCacheBenchmarks.putRedisRedissonJCache", 0),
			new Comparison("Redis Cluster (3 masters) loadAll 100x5 vs standalone loadAll",
					"ClusterBenchmarks.loadAll100ClusterCacheobj", "ClusterBenchmarks.loadAll100StandaloneCacheobj",
					2.0),
			new Comparison("Redis Cluster loadAll 100x5 vs Lettuce cluster MGET of the 500 keys",
					"ClusterBenchmarks.loadAll100ClusterCacheobj", "ClusterBenchmarks.mget500ClusterLettuce", 0));

	/** Forks of every benchmark in a full run, each in its own round. */
	private static final int FORKS = 3;

	private BenchmarkMain() {
	}

	public static void main(String[] args) throws RunnerException, IOException {
		Path output = Path.of((args.length > 0) ? args[0] : "benchmarks/results/latest.md");
		boolean quick = Boolean.getBoolean("bench.quick");
		ChainedOptionsBuilder selected = options(quick);
		// Several patterns, comma-separated, select the rows any of them matches.
		for (String include : System.getProperty("bench.include",
				"io.cacheobj.benchmarks.(Memory|Memcached|Redis|NearCache|Async|Cluster|WriteBatch|SpringCache|JCache)Benchmarks")
			.split(",")) {
			selected.include(include);
		}
		Map<String, RunResult> results = run(quick, selected.threads(1));
		Map<Integer, Map<String, RunResult>> throughput = new LinkedHashMap<>();
		for (int threads : (System.getProperty("bench.include") != null) ? new int[0] : new int[] { 1, 4, 16 }) {
			throughput.put(threads, run(quick,
					options(quick).include("io.cacheobj.benchmarks.RedisThroughputBenchmarks").threads(threads)));
		}
		String report = report(results, throughput) + invalidationDelay(quick ? 200 : 2000);
		Files.createDirectories(output.toAbsolutePath().getParent());
		Files.writeString(output, report);
		System.out.println(report);
	}

	/**
	 * Run the benchmarks one fork at a time, every benchmark in turn, as many rounds as
	 * there are forks: the forks that a report's ratio pairs ran in the same round, not a
	 * whole run apart, so that a change in the machine's speed moves both.
	 * @return each benchmark's forks as one result, by short name
	 */
	private static Map<String, RunResult> run(boolean quick, ChainedOptionsBuilder options) throws RunnerException {
		Map<String, List<BenchmarkResult>> forks = new LinkedHashMap<>();
		Map<String, RunResult> firsts = new LinkedHashMap<>();
		for (int round = 0; round < (quick ? 1 : FORKS); round++) {
			for (RunResult run : new Runner(options.forks(1).build()).run()) {
				String label = run.getParams().getBenchmark();
				String name = label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1);
				firsts.putIfAbsent(name, run);
				forks.computeIfAbsent(name, (key) -> new ArrayList<>()).addAll(run.getBenchmarkResults());
			}
		}
		Map<String, RunResult> results = new LinkedHashMap<>();
		firsts.forEach((name, first) -> results.put(name, new RunResult(first.getParams(), forks.get(name))));
		return results;
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
		ChainedOptionsBuilder options = new OptionsBuilder().shouldFailOnError(true)
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
		out.append(
				"\n| comparison | cacheobj / other (medians; sums when paired) | per fork | allocation ratio | goal | met |\n");
		out.append("| --- | ---: | --- | ---: | --- | --- |\n");
		StringBuilder paired = new StringBuilder();
		for (Comparison comparison : COMPARISONS) {
			Side ours = Side.of(results, comparison.ours());
			Side theirs = Side.of(results, comparison.theirs());
			if (ours == null || theirs == null) {
				if (ours != null || theirs != null) {
					out.append("| ").append(comparison.title()).append(" | not run: ");
					out.append((ours == null) ? comparison.ours() : comparison.theirs()).append(" | | | | |\n");
				}
				continue;
			}
			double ratio = ours.overall() / theirs.overall();
			List<String> perFork = new ArrayList<>();
			boolean everyFork = true;
			for (int i = 0; i < Math.min(ours.byFork().size(), theirs.byFork().size()); i++) {
				double forkRatio = ours.byFork().get(i) / theirs.byFork().get(i);
				everyFork &= comparison.goal() == 0 || forkRatio <= comparison.goal();
				perFork.add(String.format(Locale.ROOT, "%.3f", forkRatio));
			}
			String goal = (comparison.goal() == 0) ? "" : "≤ " + format(comparison.goal()) + "x";
			String met = (comparison.goal() == 0) ? "" : (ratio <= comparison.goal() && everyFork) ? "yes" : "**no**";
			out.append("| ").append(comparison.title()).append(" | ");
			out.append(String.format(Locale.ROOT, "%.3fx", ratio)).append(" | ").append(String.join(" / ", perFork));
			out.append(" | ").append(String.format(Locale.ROOT, "%.2fx", ours.allocation() / theirs.allocation()));
			out.append(" | ").append(goal).append(" | ").append(met).append(" |\n");
			if (ours.reads() > 0) {
				paired.append(String.format(Locale.ROOT,
						"\n%s, per read: %.1f us and %,.0f B against %.1f us and %,.0f B, over %,d reads timed"
								+ " in pairs.\n",
						comparison.title(), ours.overall() / ours.reads() / 1000, ours.allocation() / ours.reads(),
						theirs.overall() / theirs.reads() / 1000, theirs.allocation() / theirs.reads(), ours.reads()));
			}
		}
		out.append(paired);
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
	 * One side of a comparison: a benchmark's medians, or for
	 * {@code <benchmark>:<counter>}, the sums of a paired benchmark's counters
	 * {@code <counter>Nanos} and {@code <counter>Bytes} (see {@link Pairs}).
	 *
	 * @param byFork the median, or the time summed, of each fork
	 * @param overall the median of every iteration, or the time summed over every fork
	 * @param allocation bytes per operation, or summed over every fork
	 * @param reads how many operations the sums are over, {@code 0} for medians
	 */
	record Side(List<Double> byFork, double overall, double allocation, long reads) {

		static @Nullable Side of(Map<String, RunResult> results, String name) {
			int colon = name.indexOf(':');
			RunResult run = results.get((colon < 0) ? name : name.substring(0, colon));
			if (run == null) {
				return null;
			}
			if (colon < 0) {
				return new Side(forkMedians(run), median(run), BenchmarkMain.allocation(run), 0);
			}
			String counter = name.substring(colon + 1);
			List<Double> byFork = new ArrayList<>();
			double nanos = 0;
			double bytes = 0;
			long reads = 0;
			for (BenchmarkResult fork : run.getBenchmarkResults()) {
				Map<String, Result> counters = fork.getSecondaryResults();
				double forkNanos = counter(counters, name, counter + "Nanos");
				byFork.add(forkNanos);
				nanos += forkNanos;
				bytes += counter(counters, name, counter + "Bytes");
				reads += (long) counter(counters, name, "reads");
			}
			return new Side(byFork, nanos, bytes, reads);
		}

		private static double counter(Map<String, Result> counters, String name, String counter) {
			Result result = counters.get(counter);
			if (result == null) {
				throw new IllegalStateException(
						"Comparison side '" + name + "' needs the counter '" + counter + "', which JMH did not report");
			}
			return result.getScore();
		}

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
