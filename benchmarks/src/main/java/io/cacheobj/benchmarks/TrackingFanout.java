package io.cacheobj.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheObjNearCacheProperties.Tracking;
import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The near cache's tracking fan-out: many JVMs, each simulated by a binding of its own
 * (its own Redis backend, connection factory, near cache and tracking source, the
 * production classes, sharing only Lettuce's client resources), on one Redis server,
 * while a writer changes keys at a fixed rate and readers keep reading their keys. Runs
 * each mode with readers that each hold a share of 10,000 keys (partitioned) and readers
 * that all hold the same 100 hot keys, and reports the server's CPU per write (over that
 * of the readers alone), pushes, bytes sent, the tracking table, write latency, notice
 * lag (from the write's send to each JVM hearing of it), hit ratio, and stale copies
 * after the run. Not a JMH benchmark: it measures a server and a delay between clients,
 * not an operation.
 * <p>
 * Usage: {@code benchmarks/fanout} (which starts its own redis-server).
 */
public final class TrackingFanout {

	private static final int KEYS = 10_000;

	private static final int HOT_KEYS = 100;

	private static final int READS_PER_SECOND = 20_000;

	private static final int LAG_SAMPLES = 2_000_000;

	private final int port;

	private final ClientResources resources;

	private final RedisClient rawClient;

	private final RedisCommands<String, String> raw;

	private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();

	private final long[] lags = new long[LAG_SAMPLES];

	private final AtomicInteger lagCount = new AtomicInteger();

	private final AtomicLong invalidations = new AtomicLong();

	private TrackingFanout(int port) {
		this.port = port;
		this.resources = DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
		this.rawClient = RedisClient.create(this.resources, RedisURI.create("127.0.0.1", port));
		StatefulRedisConnection<String, String> connection = this.rawClient.connect();
		this.raw = connection.sync();
	}

	public static void main(String[] args) throws Exception {
		int port = BenchData.port("redis.port");
		List<Integer> jvms = ints(System.getProperty("fanout.jvms", "1,10,50,100,200,500"));
		List<Integer> rates = ints(System.getProperty("fanout.rates", "1000"));
		List<Integer> allRatesAt = ints(System.getProperty("fanout.all-rates-at", "200"));
		List<Integer> allRates = ints(System.getProperty("fanout.all-rates", "100,1000,5000"));
		Duration duration = Duration.ofSeconds(Long.getLong("fanout.seconds", 5));
		TrackingFanout fanout = new TrackingFanout(port);
		List<String> rows = new ArrayList<>();
		rows.add(
				"| mode | JVMs | reads | writes/s | server CPU µs/write | server CPU % | pushes/write | bytes out/write "
						+ "| tracking keys | used memory MB | SET p99 µs | lag p50 / p99 / p999 ms | hit ratio | stale |");
		rows.add("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
		try {
			for (int n : jvms) {
				List<Integer> runRates = allRatesAt.contains(n) ? allRates : rates;
				for (boolean hot : new boolean[] { false, true }) {
					for (int rate : runRates) {
						for (Tracking mode : Tracking.values()) {
							String row = fanout.run(mode, n, hot, rate, duration);
							System.out.println(row);
							rows.add(row);
						}
					}
				}
			}
			String recovery = fanout.recovery(Integer.getInteger("fanout.recovery-jvms", 200));
			System.out.println(recovery);
			Path output = Path.of((args.length > 0) ? args[0] : "benchmarks/results/fanout.md");
			Files.createDirectories(output.getParent());
			Files.writeString(output,
					"Run " + LocalDate.now() + ", the JVMs on " + Runtime.getRuntime().availableProcessors()
							+ " core(s), Redis " + fanout.info("redis_version") + "\n\n" + String.join("\n", rows)
							+ "\n\n" + recovery + "\n");
		}
		finally {
			fanout.rawClient.shutdown(0, 2, TimeUnit.SECONDS);
			fanout.resources.shutdown(0, 2, TimeUnit.SECONDS);
		}
	}

	private String run(Tracking mode, int n, boolean hot, int rate, Duration duration) throws Exception {
		this.raw.flushall();
		this.raw.configResetstat();
		this.writtenAt.clear();
		this.lagCount.set(0);
		this.invalidations.set(0);
		List<Jvm> fleet = start(mode, n);
		LettuceConnectionFactory writerFactory = factory();
		CacheObjBinding writerBinding = CacheObjBinding.builder()
			.backend("redis", RedisCacheBackend.create("redis", writerFactory), null)
			.defaultBackend("redis")
			.build();
		try {
			int keys = hot ? HOT_KEYS : KEYS;
			CacheEntityRepository writer = writerBinding.repository();
			for (int k = 0; k < keys; k++) {
				writer.get(BenchUser.class, id(k)).p1.set("init");
			}
			for (int j = 0; j < n; j++) {
				for (int k : fleet.get(j).share(j, n, hot)) {
					fleet.get(j).repository.get(BenchUser.class, id(k)).p1.get();
				}
			}
			AtomicBoolean reading = new AtomicBoolean(true);
			Thread readers = new Thread(() -> read(fleet, n, hot, reading), "fanout-readers");
			readers.start();
			long[] hitsBefore = hits(fleet);
			long pushesBefore = fleet.stream().mapToLong(Jvm::pushes).sum();
			double idleCpu = cpuOver(duration.dividedBy(2)) * 2;
			long netBefore = Long.parseLong(info("total_net_output_bytes"));
			double cpuBefore = cpu();
			long start = System.nanoTime();
			long[] setNanos = write(writer, keys, rate, duration);
			long elapsed = System.nanoTime() - start;
			double writeCpu = cpu() - cpuBefore;
			long netBytes = Long.parseLong(info("total_net_output_bytes")) - netBefore;
			String trackingKeys = info("tracking_total_keys");
			double usedMemory = Long.parseLong(info("used_memory")) / 1e6;
			reading.set(false);
			readers.join();
			long[] hitsAfter = hits(fleet);
			Thread.sleep(300);
			long stale = stale(fleet, n, hot);
			long writes = setNanos.length;
			double seconds = elapsed / 1e9;
			double cpuPerWrite = (writeCpu - idleCpu * seconds / duration.toSeconds()) / writes * 1e6;
			long pushes = fleet.stream().mapToLong(Jvm::pushes).sum() - pushesBefore;
			int lagged = Math.min(this.lagCount.get(), LAG_SAMPLES);
			long[] lag = Arrays.copyOf(this.lags, lagged);
			Arrays.sort(lag);
			Arrays.sort(setNanos);
			double hitRatio = (double) (hitsAfter[0] - hitsBefore[0])
					/ Math.max(1, (hitsAfter[0] - hitsBefore[0]) + (hitsAfter[1] - hitsBefore[1]));
			return String.format(Locale.ROOT,
					"| %s | %d | %s | %d | %.1f | %.0f | %.2f | %.0f | %s | %.1f | %.0f | %s / %s / %s | %.3f | %d |",
					mode.name().toLowerCase(Locale.ROOT), n, hot ? "hot 100" : "partitioned",
					Math.round(writes / seconds), cpuPerWrite, writeCpu / seconds * 100, (double) pushes / writes,
					(double) netBytes / writes, trackingKeys, usedMemory, percentile(setNanos, 0.99) / 1e3,
					millis(lag, 0.50), millis(lag, 0.99), millis(lag, 0.999), hitRatio, stale);
		}
		finally {
			writerBinding.close();
			writerFactory.destroy();
			stop(fleet);
		}
	}

	private LettuceConnectionFactory factory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.port),
				LettuceClientConfiguration.builder()
					.clientResources(this.resources)
					.commandTimeout(Duration.ofSeconds(2))
					.build());
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Drop every tracking connection of a fleet at once and time until every near cache
	 * serves again.
	 */
	private String recovery(int n) throws Exception {
		StringBuilder out = new StringBuilder();
		for (Tracking mode : Tracking.values()) {
			this.raw.flushall();
			List<Jvm> fleet = start(mode, n);
			try {
				long killed = 0;
				long start = System.nanoTime();
				for (String line : this.raw.clientList().split("\n")) {
					if (line.contains("name=cacheobj-tracking-")) {
						String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
						killed += this.raw.clientKill(KillArgs.Builder.id(Long.parseLong(id)));
					}
				}
				awaitActive(fleet, Duration.ofSeconds(60));
				out.append(String.format(Locale.ROOT,
						"Recovery (%s, %d JVMs): %d tracking connections dropped by the server; every near cache "
								+ "served again after %.0f ms.%n",
						mode.name().toLowerCase(Locale.ROOT), n, killed, (System.nanoTime() - start) / 1e6));
			}
			finally {
				stop(fleet);
			}
		}
		return out.toString().trim();
	}

	private List<Jvm> start(Tracking mode, int n) {
		List<Jvm> fleet = new ArrayList<>(n);
		for (int j = 0; j < n; j++) {
			fleet.add(new Jvm(mode));
		}
		awaitActive(fleet, Duration.ofSeconds(60));
		return fleet;
	}

	private static void awaitActive(List<Jvm> fleet, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Jvm jvm : fleet) {
			while (!jvm.statistics().isActive()) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("A near cache did not become active in " + timeout);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
		}
	}

	private static void stop(List<Jvm> fleet) {
		fleet.forEach(Jvm::close);
	}

	private void read(List<Jvm> fleet, int n, boolean hot, AtomicBoolean reading) {
		long pause = TimeUnit.SECONDS.toNanos(1) / READS_PER_SECOND;
		long next = System.nanoTime();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		List<int[]> shares = new ArrayList<>(n);
		for (int j = 0; j < n; j++) {
			shares.add(fleet.get(j).share(j, n, hot));
		}
		while (reading.get()) {
			int j = random.nextInt(n);
			int[] share = shares.get(j);
			if (share.length > 0) {
				fleet.get(j).repository.get(BenchUser.class, id(share[random.nextInt(share.length)])).p1.get();
			}
			next += pause;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
	}

	private long[] write(CacheEntityRepository writer, int keys, int rate, Duration duration) {
		int writes = (int) (rate * duration.toSeconds());
		long[] setNanos = new long[writes];
		long pause = TimeUnit.SECONDS.toNanos(1) / rate;
		long next = System.nanoTime();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < writes; i++) {
			int k = random.nextInt(keys);
			BenchUser user = writer.get(BenchUser.class, id(k));
			long sent = System.nanoTime();
			this.writtenAt.put(user.p1.key(), sent);
			user.p1.set("w" + i);
			setNanos[i] = System.nanoTime() - sent;
			next += pause;
			long wait = next - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
		}
		return setNanos;
	}

	private long stale(List<Jvm> fleet, int n, boolean hot) {
		long stale = 0;
		for (int j = 0; j < n; j++) {
			int[] share = fleet.get(j).share(j, n, hot);
			for (int s = 0; s < Math.min(share.length, 20); s++) {
				String id = id(share[s]);
				String local = fleet.get(j).repository.get(BenchUser.class, id).p1.get();
				String server = this.raw.get("BenchUser." + id + ".p1");
				if (server != null && !server.contains(String.valueOf(local))) {
					stale++;
				}
			}
		}
		return stale;
	}

	private static long[] hits(List<Jvm> fleet) {
		long hits = 0;
		long misses = 0;
		for (Jvm jvm : fleet) {
			hits += jvm.statistics().hits();
			misses += jvm.statistics().misses();
		}
		return new long[] { hits, misses };
	}

	private double cpuOver(Duration duration) throws InterruptedException {
		double before = cpu();
		Thread.sleep(duration.toMillis());
		return cpu() - before;
	}

	private double cpu() {
		return Double.parseDouble(info("used_cpu_user")) + Double.parseDouble(info("used_cpu_sys"));
	}

	private String info(String field) {
		for (String line : this.raw.info("everything").split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return line.substring(field.length() + 1).trim();
			}
		}
		return "?";
	}

	private void lag(String key) {
		this.invalidations.incrementAndGet();
		Long sent = this.writtenAt.get(key);
		if (sent != null) {
			int i = this.lagCount.getAndIncrement();
			if (i < LAG_SAMPLES) {
				this.lags[i] = System.nanoTime() - sent;
			}
		}
	}

	private static String id(int k) {
		return "f" + k;
	}

	private static double percentile(long[] sorted, double p) {
		return (sorted.length == 0) ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, sorted.length * p)];
	}

	private static String millis(long[] sorted, double p) {
		return (sorted.length == 0) ? "-" : String.format(Locale.ROOT, "%.2f", percentile(sorted, p) / 1e6);
	}

	private static List<Integer> ints(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

	/**
	 * One simulated JVM: a backend of its own with a near cache, and a repository without
	 * one for the writer.
	 */
	private final class Jvm implements AutoCloseable {

		final LettuceConnectionFactory factory;

		final CacheObjBinding binding;

		final CacheEntityRepository repository;

		final InvalidationSource source;

		Jvm(Tracking mode) {
			this.factory = factory();
			RedisCacheBackend backend = RedisCacheBackend.create("redis", this.factory);
			this.source = new TimedSource((mode == Tracking.OPTIN) ? backend.optInInvalidations(Duration.ofSeconds(1))
					: backend.invalidations(Duration.ofSeconds(1)));
			this.binding = CacheObjBinding.builder()
				.backend("redis", backend, null)
				.defaultBackend("redis")
				.nearCache("redis", 20_000, Duration.ofMinutes(10), Duration.ofSeconds(1), this.source)
				.build();
			this.repository = this.binding.repository();
			this.repository.get(BenchUser.class, "start").p1.get();
		}

		int[] share(int j, int n, boolean hot) {
			if (hot) {
				int[] all = new int[HOT_KEYS];
				Arrays.setAll(all, (k) -> k);
				return all;
			}
			int[] share = new int[(KEYS - j + n - 1) / n];
			for (int s = 0; s < share.length; s++) {
				share[s] = j + s * n;
			}
			return share;
		}

		NearCacheStatistics statistics() {
			return this.binding.nearCacheStatistics().get("redis");
		}

		long pushes() {
			Object tracking = statistics().details().get("tracking");
			if (tracking instanceof Map<?, ?> details && details.get("pushes") instanceof Long pushes) {
				return pushes;
			}
			return 0;
		}

		@Override
		public void close() {
			this.binding.close();
			this.factory.destroy();
		}

	}

	/**
	 * The production source, with the time from each write's send to its notice recorded.
	 */
	private final class TimedSource implements InvalidationSource {

		private final InvalidationSource source;

		TimedSource(InvalidationSource source) {
			this.source = source;
		}

		@Override
		public void start(Collection<String> prefixes, InvalidationListener listener) {
			this.source.start(prefixes, new InvalidationListener() {

				@Override
				public void invalidate(String key) {
					lag(key);
					listener.invalidate(key);
				}

				@Override
				public void invalidateAll() {
					listener.invalidateAll();
				}

				@Override
				public void trackingChanged(boolean tracking) {
					listener.trackingChanged(tracking);
				}

				@Override
				public void confirmed(long roundTripNanos) {
					listener.confirmed(roundTripNanos);
				}

			});
		}

		@Override
		public void addPrefixes(Collection<String> prefixes) {
			this.source.addPrefixes(prefixes);
		}

		@Override
		public boolean isTracking() {
			return this.source.isTracking();
		}

		@Override
		public boolean readsToKeep() {
			return this.source.readsToKeep();
		}

		@Override
		public @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(String key) {
			return this.source.readToKeep(key);
		}

		@Override
		public @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(List<String> keys) {
			return this.source.readAllToKeep(keys);
		}

		@Override
		public Map<String, Object> details() {
			return this.source.details();
		}

		@Override
		public void close() {
			this.source.close();
		}

	}

}
