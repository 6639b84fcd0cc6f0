package io.cacheobj.consistency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjNearCacheProperties.Tracking;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.consistency.ConsistencyChecker.Report;
import io.cacheobj.consistency.ConsistencyWorkload.Client;
import io.cacheobj.consistency.ConsistencyWorkload.RawWriter;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.TcpProxy;
import io.cacheobj.testsupport.TestServers;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Histories of concurrent runs against real servers, checked by
 * {@link ConsistencyChecker}: two application contexts (two bindings, as two JVMs would
 * be) with a near cache, each with two writers and three readers over a few contended
 * keys, plus raw clients writing the same keys, under steady load and under faults. Each
 * scenario prints its figures and fails with the checker's report when a read broke a
 * rule; together they check at least {@value #LEAST_OPERATIONS} operations.
 * <p>
 * The staleness bound of Redis is the near cache's lease, set to {@code 300ms}: a hit is
 * served only within the lease of a ping that the tracking connection answered, and every
 * notice of a change made before that ping arrived before its answer. That of memcached
 * is its near cache's {@code ttl}, counted from when the copy was stored, plus the time
 * the answer took to reach the near cache after the server read the value.
 */
class NearCacheConsistencyIntegrationTests {

	private static final int LEAST_OPERATIONS = 100_000;

	private static final int SCENARIOS = 13;

	static final Duration LEASE = Duration.ofMillis(300);

	private static final Duration REDIS_BOUND = LEASE;

	private static final Duration MEMCACHED_TTL = Duration.ofMillis(500);

	private static final Duration MEMCACHED_ANSWER_SLACK = Duration.ofMillis(100);

	private static final Duration SETTLE = Duration.ofSeconds(1);

	static final List<String> IDS = IntStream.range(0, 8).mapToObj((i) -> "k" + i).toList();

	private static final List<Report> REPORTS = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(RegisterScan.class);

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void steadyLoadKeepsEveryPromise(Tracking mode, @RealServer(Kind.REDIS) ManagedServer server) {
		try (RawRedis raw = RawRedis.standalone(server)) {
			redis(mode, url(server.port())).run((a) -> redis(mode, url(server.port())).run((b) -> {
				Report report = run(scenario("steady load", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(server, false), (workload) -> pause(Duration.ofSeconds(4)));
				assertNoViolation(report);
			}));
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void trackingConnectionKilledAgainAndAgainKeepsEveryPromise(Tracking mode,
			@RealServer(Kind.REDIS) ManagedServer server) {
		try (RawRedis raw = RawRedis.standalone(server)) {
			redis(mode, url(server.port())).run((a) -> redis(mode, url(server.port())).run((b) -> {
				Report report = run(scenario("tracking connection killed", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(server, false), (workload) -> {
							int killed = 0;
							for (int i = 0; i < 7; i++) {
								pause(Duration.ofMillis(700));
								killed += killTrackingConnections(server);
							}
							assertThat(killed).isGreaterThanOrEqualTo(7);
							pause(Duration.ofMillis(700));
						});
				assertNoViolation(report);
			}));
		}
	}

	@Test
	void threeSeparateProcessesKeepEveryPromise(@RealServer(Kind.REDIS) ManagedServer server, @TempDir Path files)
			throws Exception {
		History history = new History("three processes (optin)");
		try (RawRedis raw = RawRedis.standalone(server)) {
			for (String id : IDS) {
				raw.set(Register.keyOf(id), "init-" + id);
				history.initial(Register.keyOf(id), "init-" + id);
			}
		}
		List<Process> processes = new ArrayList<>();
		List<BufferedReader> outputs = new ArrayList<>();
		try {
			for (String name : List.of("P1", "P2", "P3")) {
				Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
						"-cp", System.getProperty("java.class.path"), ConsistencyProcess.class.getName(),
						Integer.toString(server.port()), name, "6", files.toString())
					.redirectErrorStream(true)
					.start();
				processes.add(process);
				outputs
					.add(new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)));
			}
			for (BufferedReader output : outputs) {
				awaitLine(output, "STARTED");
			}
			pause(Duration.ofSeconds(3));
			assertThat(killTrackingConnections(server)).isEqualTo(3);
			for (BufferedReader output : outputs) {
				awaitLine(output, "STOPPED");
			}
			Files.createFile(files.resolve("converge"));
			for (BufferedReader output : outputs) {
				String report = awaitLine(output, "DONE");
				assertThat(report).as("a process's own report").doesNotContain("UNEXPECTED");
				String done = report.substring(report.lastIndexOf("DONE ") + 5).trim();
				assertThat(Long.parseLong(done.substring(0, done.indexOf(' ')))).as("near cache hits in a process")
					.isPositive();
			}
			for (Process process : processes) {
				assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
				assertThat(process.exitValue()).isZero();
			}
		}
		finally {
			processes.forEach(Process::destroyForcibly);
		}
		for (String name : List.of("P1", "P2", "P3")) {
			ConsistencyProcess.read(files.resolve(name + ".ops"), history);
		}
		Report report = new ConsistencyChecker(REDIS_BOUND).check(history);
		REPORTS.add(report);
		System.out.printf(Locale.ROOT, "CONSISTENCY %s%n", report.summary());
		System.out.println("CONSISTENCY   by client: " + report.byClient());
		assertThat(report.byClient()).containsKeys("P1", "P2", "P3");
		assertNoViolation(report);
	}

	/**
	 * Read a child process's output until a line starts with a word, within a minute.
	 * @return what it printed up to that line
	 */
	private static String awaitLine(BufferedReader output, String word) throws IOException {
		StringBuilder seen = new StringBuilder();
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
		String line;
		while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
			seen.append(line).append('\n');
			if (line.startsWith(word)) {
				return seen.toString();
			}
		}
		throw new IllegalStateException("The process never said " + word + ":\n" + seen);
	}

	@Test
	void trackingTableEvictionsKeepEveryPromise(@RealServer(Kind.REDIS) ManagedServer server) {
		assertThat(server.send("CONFIG SET tracking-table-max-keys 3")).startsWith("+OK");
		try (RawRedis raw = RawRedis.standalone(server)) {
			Tracking mode = Tracking.OPTIN;
			redis(mode, url(server.port())).run((a) -> redis(mode, url(server.port())).run((b) -> {
				Report report = run(scenario("tracking table of 3 keys for 8", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(server, false), (workload) -> pause(Duration.ofSeconds(4)));
				assertNoViolation(report);
			}));
			assertThat(info(server, "tracking_total_keys")).isLessThanOrEqualTo(3);
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void serverKilledAndRestartedEmptyKeepsEveryPromise(Tracking mode, @RealServer(Kind.REDIS) ManagedServer server) {
		try (RawRedis raw = RawRedis.standalone(server)) {
			redis(mode, url(server.port())).run((a) -> redis(mode, url(server.port())).run((b) -> {
				Report report = run(scenario("server killed and restarted", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(server, false), (workload) -> {
							pause(Duration.ofMillis(1500));
							long killed = System.nanoTime();
							server.kill();
							pause(Duration.ofMillis(500));
							server.start();
							workload.history()
								.lost(IDS.stream().map(Register::keyOf).toList(), killed, System.nanoTime(), "restart");
							pause(Duration.ofMillis(2500));
						});
				assertNoViolation(report);
			}));
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void silentPartitionKeepsEveryPromise(Tracking mode, @RealServer(Kind.REDIS) ManagedServer server) {
		try (RawRedis raw = RawRedis.standalone(server); TcpProxy proxy = TcpProxy.to(server.port())) {
			redis(mode, url(proxy.port())).run((a) -> redis(mode, url(proxy.port())).run((b) -> {
				Report report = run(scenario("silent partition", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(server, false), (workload) -> {
							pause(Duration.ofMillis(1500));
							// Writes stop for a moment so that every key has a copy when
							// the
							// network goes silent; then the raw writers, which bypass the
							// proxy, change every key that the contexts can no longer
							// hear of.
							workload.pauseWrites();
							try {
								pause(Duration.ofMillis(200));
								proxy.freeze();
							}
							finally {
								workload.resumeWrites();
							}
							pause(Duration.ofMillis(2500));
							proxy.heal();
							pause(Duration.ofMillis(2000));
						});
				assertThat(proxy.connections()).isPositive();
				assertNoViolation(report);
			}));
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void clusterMasterKilledAndItsReplicaPromotedKeepsEveryPromise(Tracking mode) {
		List<ManagedServer> nodes = TestServers.redisClusterWithReplicas();
		try (RawRedis raw = RawRedis.cluster(nodes.get(0))) {
			ManagedServer master = masterOf(nodes, Register.keyOf(IDS.get(0)));
			ManagedServer replica = replicaOf(master, nodes);
			ManagedServer survivor = nodes.stream()
				.filter((node) -> node != master && node.send("ROLE").contains("master"))
				.findFirst()
				.orElseThrow();
			String seeds = String.join(",", nodes.stream().map((node) -> node.host() + ":" + node.port()).toList());
			String clusterNodes = "cacheobj.backends.redis.cluster-nodes=" + seeds;
			redis(mode, clusterNodes).run((a) -> redis(mode, clusterNodes).run((b) -> {
				Report report = run(scenario("cluster failover", mode), REDIS_BOUND, List.of(a, b), raw,
						redisOccasional(survivor, true), (workload) -> {
							pause(Duration.ofMillis(1500));
							// Every acknowledged write must survive the failover:
							// replication
							// is asynchronous, so writes wait until the replica has them
							// all.
							workload.pauseWrites();
							try {
								assertThat(raw.waitForReplica(master, Register.keyOf(IDS.get(0)))).isEqualTo(1);
								master.kill();
							}
							finally {
								workload.resumeWrites();
							}
							await().atMost(Duration.ofSeconds(30))
								.pollInterval(Duration.ofMillis(20))
								.until(() -> replica.send("ROLE").contains("master"));
							pause(Duration.ofMillis(2000));
						});
				assertNoViolation(report);
			}));
		}
		finally {
			nodes.forEach(ManagedServer::close);
		}
	}

	@Test
	void memcachedNearCacheServesNoValueOlderThanItsTtl(@RealServer(Kind.MEMCACHED) ManagedServer server)
			throws IOException {
		try (RawMemcached raw = new RawMemcached(server)) {
			ApplicationContextRunner memcached = this.contextRunner.withPropertyValues(
					"cacheobj.backends.mc.type=memcached", "cacheobj.backends.mc.servers=127.0.0.1:" + server.port(),
					"cacheobj.backends.mc.near-cache.enabled=true",
					"cacheobj.backends.mc.near-cache.ttl=" + MEMCACHED_TTL.toMillis() + "ms",
					"cacheobj.backends.mc.timeout=500ms", "cacheobj.backends.mc.circuit-breaker.enabled=false",
					"cacheobj.default-backend=mc");
			RawWriter python = new RawWriter("python",
					(key, value) -> PythonInterop.run("memcache",
							"sys.exit(0 if memcache.Client([sys.argv[1]]).set(sys.argv[2], sys.argv[3]) else 1)",
							"127.0.0.1:" + server.port(), key, value));
			memcached.run((a) -> memcached.run((b) -> {
				Report report = run("memcached ttl", MEMCACHED_TTL.plus(MEMCACHED_ANSWER_SLACK), List.of(a, b),
						new RawWriter("memcached-text", raw::set), raw::get, List.of(python), "mc",
						MEMCACHED_TTL.plus(SETTLE), (workload) -> pause(Duration.ofSeconds(4)));
				assertNoViolation(report);
			}));
		}
	}

	@AfterAll
	static void enoughOperationsWereChecked() {
		long checked = REPORTS.stream().mapToLong(Report::checked).sum();
		long violations = REPORTS.stream().mapToLong((report) -> report.violations().size()).sum();
		System.out.printf(Locale.ROOT, "CONSISTENCY all %d scenarios: checked %d operations, %d violations%n",
				REPORTS.size(), checked, violations);
		if (REPORTS.size() == SCENARIOS) {
			assertThat(checked).isGreaterThanOrEqualTo(LEAST_OPERATIONS);
		}
	}

	private static String scenario(String name, Tracking mode) {
		return name + " (" + mode.name().toLowerCase(Locale.ROOT) + ")";
	}

	private ApplicationContextRunner redis(Tracking mode, String target) {
		return this.contextRunner.withPropertyValues("cacheobj.backends.redis.type=redis", target,
				"cacheobj.backends.redis.near-cache.tracking=" + mode.name().toLowerCase(Locale.ROOT),
				"cacheobj.backends.redis.near-cache.enabled=true",
				"cacheobj.backends.redis.near-cache.lease=" + LEASE.toMillis() + "ms",
				"cacheobj.backends.redis.timeout=500ms", "cacheobj.backends.redis.circuit-breaker.enabled=false",
				"cacheobj.default-backend=redis");
	}

	private static String url(int port) {
		return "cacheobj.backends.redis.url=redis://127.0.0.1:" + port;
	}

	private Report run(String scenario, Duration bound, List<AssertableApplicationContext> contexts, RawRedis raw,
			List<RawWriter> occasional, Consumer<ConsistencyWorkload> timeline) {
		return run(scenario, bound, contexts, new RawWriter("lettuce", raw::set), raw::get, occasional, "redis", SETTLE,
				timeline);
	}

	private Report run(String scenario, Duration bound, List<AssertableApplicationContext> contexts, RawWriter steady,
			Function<String, @Nullable String> server, List<RawWriter> occasional, String backend, Duration settle,
			Consumer<ConsistencyWorkload> timeline) {
		History history = new History(scenario);
		for (String id : IDS) {
			String key = Register.keyOf(id);
			try {
				steady.set(key, "init-" + id);
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			history.initial(key, "init-" + id);
		}
		List<Client> clients = new ArrayList<>();
		List<NearCacheStatistics> nearCaches = new ArrayList<>();
		for (AssertableApplicationContext context : contexts) {
			assertThat(context).hasNotFailed();
			NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get(backend);
			assertThat(nearCache).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
			nearCaches.add(nearCache);
			clients.add(new Client(String.valueOf((char) ('A' + clients.size())),
					context.getBean(CacheEntityRepository.class)));
		}
		long hits = nearCaches.stream().mapToLong(NearCacheStatistics::hits).sum();
		try (ConsistencyWorkload workload = new ConsistencyWorkload(history, IDS, clients, steady, occasional)) {
			workload.start();
			timeline.accept(workload);
			workload.stop();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nearCaches.stream().allMatch(NearCacheStatistics::isActive));
			workload.converge(server, settle);
			assertThat(workload.unexpected()).as("unexpected failures").isEmpty();
		}
		Report report = new ConsistencyChecker(bound).check(history);
		REPORTS.add(report);
		System.out.printf(Locale.ROOT, "CONSISTENCY %s; near cache hits %d%n", report.summary(),
				nearCaches.stream().mapToLong(NearCacheStatistics::hits).sum() - hits);
		System.out.println("CONSISTENCY   by client: " + report.byClient());
		if (report.stalest() != null) {
			System.out.println("CONSISTENCY   stalest read: " + report.stalest().describe(report.origin()));
		}
		return report;
	}

	private static void assertNoViolation(Report report) {
		assertThat(report.violations()).withFailMessage("%s", report).isEmpty();
	}

	private static List<RawWriter> redisOccasional(ManagedServer server, boolean cluster) {
		String port = Integer.toString(server.port());
		String python = cluster
				? "redis.RedisCluster(host='127.0.0.1', port=int(sys.argv[1]), socket_timeout=1).set(sys.argv[2], sys.argv[3])"
				: "redis.Redis(port=int(sys.argv[1]), socket_timeout=1).set(sys.argv[2], sys.argv[3])";
		return List.of(new RawWriter("redis-cli", (key, value) -> {
			if (cluster) {
				RedisTestSupport.redisCli(server, "-c", "SET", key, value);
			}
			else {
				RedisTestSupport.redisCli(server, "SET", key, value);
			}
		}), new RawWriter("python", (key, value) -> PythonInterop.run("redis", python, port, key, value)));
	}

	private static long info(ManagedServer server, String field) {
		for (String line : server.send("INFO").split("\r?\n")) {
			if (line.startsWith(field + ":")) {
				return Long.parseLong(line.substring(field.length() + 1).trim());
			}
		}
		throw new IllegalStateException("No " + field + " in INFO");
	}

	private static int killTrackingConnections(ManagedServer server) {
		int killed = 0;
		for (String line : server.send("CLIENT LIST").split("\n")) {
			if (line.contains("name=cacheobj-tracking-")) {
				int start = line.indexOf("id=") + 3;
				if (server.send("CLIENT KILL ID " + line.substring(start, line.indexOf(' ', start))).startsWith(":1")) {
					killed++;
				}
			}
		}
		return killed;
	}

	private static void pause(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
			LockSupport.parkNanos(left);
		}
	}

	private static ManagedServer masterOf(List<ManagedServer> nodes, String key) {
		int slot = SlotHash.getSlot(key);
		return nodes.stream().filter((node) -> node.send("ROLE").contains("master")).filter((node) -> {
			String self = node.send("CLUSTER NODES")
				.lines()
				.filter((line) -> line.contains("myself"))
				.findFirst()
				.orElseThrow();
			String[] fields = self.trim().split(" ");
			for (int i = 8; i < fields.length; i++) {
				String[] bounds = fields[i].split("-");
				int low = Integer.parseInt(bounds[0]);
				int high = (bounds.length > 1) ? Integer.parseInt(bounds[1]) : low;
				if (slot >= low && slot <= high) {
					return true;
				}
			}
			return false;
		}).findFirst().orElseThrow();
	}

	private static ManagedServer replicaOf(ManagedServer master, List<ManagedServer> nodes) {
		String masterId = master.send("CLUSTER MYID").lines().skip(1).findFirst().orElseThrow().trim();
		return nodes.stream()
			.filter((node) -> node != master && node.send("CLUSTER NODES")
				.lines()
				.anyMatch((line) -> line.contains("myself") && line.contains(masterId)))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Lettuce, directly on the server (standalone or cluster), bypassing every context
	 * and proxy.
	 */
	private static final class RawRedis implements AutoCloseable {

		private final AutoCloseable client;

		private final Write set;

		private final Function<String, @Nullable String> get;

		private RawRedis(AutoCloseable client, Write set, Function<String, @Nullable String> get) {
			this.client = client;
			this.set = set;
			this.get = get;
		}

		static RawRedis standalone(ManagedServer server) {
			RedisClient client = RedisClient.create(RedisURI.builder()
				.withHost(server.host())
				.withPort(server.port())
				.withTimeout(Duration.ofSeconds(1))
				.build());
			client.setOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build());
			StatefulRedisConnection<String, String> connection = client.connect();
			return new RawRedis(() -> {
				connection.close();
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}, (key, value) -> connection.sync().set(key, value), (key) -> connection.sync().get(key));
		}

		static RawRedis cluster(ManagedServer seed) {
			RedisClusterClient client = RedisClusterClient.create(RedisURI.builder()
				.withHost(seed.host())
				.withPort(seed.port())
				.withTimeout(Duration.ofSeconds(1))
				.build());
			client.setOptions(ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(Duration.ofSeconds(1))
					.build())
				.build());
			StatefulRedisClusterConnection<String, String> connection = client.connect();
			return new RawRedis(() -> {
				connection.close();
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}, (key, value) -> connection.sync().set(key, value), (key) -> connection.sync().get(key));
		}

		void set(String key, String value) throws Exception {
			this.set.write(key, value);
		}

		@Nullable String get(String key) {
			return this.get.apply(key);
		}

		/**
		 * Write a marker in a key's slot on its master and wait until a replica has it:
		 * every write the master acknowledged before is then on the replica too.
		 */
		long waitForReplica(ManagedServer master, String key) {
			RedisClient client = RedisClient.create(RedisURI.create(master.host(), master.port()));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				connection.sync().set("{" + key + "}.marker", "1");
				return connection.sync().waitForReplication(1, 5000);
			}
			finally {
				client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
			}
		}

		@Override
		public void close() {
			try {
				this.client.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}

		@FunctionalInterface
		private interface Write {

			void write(String key, String value) throws Exception;

		}

	}

	/**
	 * memcached's text protocol on one connection, bypassing every context; values are
	 * stored with the flags of text, as cacheobj and python-memcached store strings.
	 */
	private static final class RawMemcached implements AutoCloseable {

		private final Socket socket = new Socket();

		private final OutputStream out;

		private final BufferedReader in;

		RawMemcached(ManagedServer server) throws IOException {
			this.socket.connect(new InetSocketAddress(server.host(), server.port()), 1000);
			this.socket.setSoTimeout(2000);
			this.out = this.socket.getOutputStream();
			this.in = new BufferedReader(new InputStreamReader(this.socket.getInputStream(), StandardCharsets.UTF_8));
		}

		synchronized void set(String key, String value) throws IOException {
			byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
			this.out.write(("set " + key + " 16 0 " + bytes.length + "\r\n" + value + "\r\n")
				.getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			String reply = this.in.readLine();
			if (!"STORED".equals(reply)) {
				throw new IOException("memcached answered " + reply);
			}
		}

		synchronized @Nullable String get(String key) {
			try {
				this.out.write(("get " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
				this.out.flush();
				String line = this.in.readLine();
				if ("END".equals(line)) {
					return null;
				}
				String value = this.in.readLine();
				assertThat(this.in.readLine()).isEqualTo("END");
				return value;
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Register.class)
	static class RegisterScan {

	}

}
