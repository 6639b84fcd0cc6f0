package io.cacheobj.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.failover.Item;
import io.cacheobj.autoconfigure.failoverignored.IgnoredItem;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RedisSentinelGroup;
import io.cacheobj.testsupport.TestServers;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failovers under a running workload, on real processes killed with {@code SIGKILL}: a
 * Sentinel-managed master (through {@code sentinel} settings and through the
 * application's {@code spring.data.redis.sentinel.*} factory), a master of a cluster with
 * replicas, and a server of a memcached pool. Each measures how long the application saw
 * failures and appends it to {@code target/failover-times.txt}; {@code scripts/failover}
 * reruns them alone ({@code -Dgroups=failover}).
 */
@Tag("failover")
class FailoverIntegrationTests {

	private static final Duration BREAKER_WAIT = Duration.ofSeconds(1);

	private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults)
		.withUserConfiguration(ItemScan.class);

	@Test
	void sentinelBackendFollowsThePromotedReplicaAndKeepsReplicatedWrites() {
		try (RedisSentinelGroup group = TestServers.redisSentinelGroup()) {
			this.contextRunner
				.withPropertyValues("cacheobj.backends.ha.type=redis", "cacheobj.backends.ha.sentinel.master=mymaster",
						"cacheobj.backends.ha.sentinel.nodes=" + group.sentinelNodes())
				.run((context) -> sentinelFailover(context, group, "sentinel"));
		}
	}

	@Test
	void applicationSentinelConnectionFactoryFollowsThePromotedReplica() {
		try (RedisSentinelGroup group = TestServers.redisSentinelGroup()) {
			this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
				.withPropertyValues("cacheobj.backends.ha.type=redis", "spring.data.redis.sentinel.master=mymaster",
						"spring.data.redis.sentinel.nodes=" + group.sentinelNodes(), "spring.data.redis.timeout=2s")
				.run((context) -> sentinelFailover(context, group, "sentinel-application-factory"));
		}
	}

	private void sentinelFailover(AssertableApplicationContext context, RedisSentinelGroup group, String topology) {
		assertThat(context).hasNotFailed();
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		BreakerTimeline breaker = new BreakerTimeline(breaker(context));
		List<String> replicated;
		Duration outage;
		long promoted;
		long killed;
		try (FailoverWorkload workload = new FailoverWorkload(repository, "s")) {
			workload.awaitProgress();
			replicated = workload.acknowledgedIds();
			assertThat(waitForReplicas(group.master(), "ha-marker")).isEqualTo(1);
			killed = System.nanoTime();
			group.master().kill();
			promoted = awaitRole(group.replica(), "master");
			outage = workload.awaitRecovery(killed, RECOVERY_LIMIT);
			assertThat(workload.failures()).isPositive();
		}
		record(topology, outage, Duration.ofNanos(promoted - killed));
		assertAllPresent(repository, replicated);
		breaker.assertNeverOpenLongerThan(BREAKER_WAIT);
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void clusterServesEverySlotAgainAfterAMasterIsKilled() {
		List<ManagedServer> nodes = TestServers.redisClusterWithReplicas();
		try {
			String seeds = String.join(",", nodes.stream().map((node) -> node.host() + ":" + node.port()).toList());
			this.contextRunner.withUserConfiguration(IgnoredItemScan.class)
				.withPropertyValues("cacheobj.backends.ha.type=redis", "cacheobj.backends.ha.cluster-nodes=" + seeds,
						"cacheobj.backends.ha-ignored.type=redis",
						"cacheobj.backends.ha-ignored.cluster-nodes=" + seeds,
						"cacheobj.backends.ha-ignored.on-error=ignore")
				.run((context) -> clusterFailover(context, nodes));
		}
		finally {
			nodes.forEach(ManagedServer::close);
		}
	}

	private void clusterFailover(AssertableApplicationContext context, List<ManagedServer> nodes) {
		assertThat(context).hasNotFailed();
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		List<String> fixed = IntStream.range(0, 200).mapToObj((i) -> "fixed-" + i).toList();
		fixed.forEach((id) -> {
			repository.get(Item.class, id).value().set(Item.valueOf(id));
			repository.get(IgnoredItem.class, id).value().set(Item.valueOf(id));
		});
		ManagedServer master = nodes.stream().filter((node) -> node.send("ROLE").contains("master")).findFirst().get();
		ManagedServer replica = replicaOf(master, nodes);
		BreakerTimeline breaker = new BreakerTimeline(breaker(context));
		List<String> replicated;
		Duration outage;
		long promoted;
		long killed;
		try (FailoverWorkload workload = new FailoverWorkload(repository, "c");
				BulkReads bulk = new BulkReads(repository, fixed)) {
			workload.awaitProgress();
			bulk.awaitProgress();
			replicated = workload.acknowledgedIds();
			assertThat(waitForReplicas(master, "{" + keyOn(master) + "}marker")).isEqualTo(1);
			killed = System.nanoTime();
			master.kill();
			promoted = awaitRole(replica, "master");
			outage = workload.awaitRecovery(killed, RECOVERY_LIMIT);
			assertThat(workload.failures()).isPositive();
			bulk.awaitProgress();
		}
		record("cluster", outage, Duration.ofNanos(promoted - killed));
		assertAllPresent(repository, replicated);
		assertAllPresent(repository, fixed);
		breaker.assertNeverOpenLongerThan(BREAKER_WAIT);
		assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void memcachedPoolServesTheOtherServersKeysWhileOneIsDownAndTheReturningOneAgain() {
		List<ManagedServer> servers = List.of(TestServers.memcached(), TestServers.memcached(),
				TestServers.memcached());
		try {
			String list = String.join(",",
					servers.stream().map((server) -> server.host() + ":" + server.port()).toList());
			this.contextRunner
				.withPropertyValues("cacheobj.backends.ha.type=memcached", "cacheobj.backends.ha.servers=" + list)
				.run((context) -> memcachedFailover(context, servers));
		}
		finally {
			servers.forEach(ManagedServer::close);
		}
	}

	private void memcachedFailover(AssertableApplicationContext context, List<ManagedServer> servers) {
		assertThat(context).hasNotFailed();
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		List<String> fixed = IntStream.range(0, 300).mapToObj((i) -> "fixed-" + i).toList();
		fixed.forEach((id) -> repository.get(Item.class, id).value().set(Item.valueOf(id)));
		ManagedServer killed = servers.get(0);
		List<ManagedServer> surviving = servers.subList(1, 3);
		Duration recovery;
		long failuresWhileDown;
		try (FailoverWorkload workload = new FailoverWorkload(repository, "m")) {
			workload.awaitProgress();
			long failuresBefore = workload.failures();
			long successesBefore = workload.successes();
			long down = System.nanoTime();
			killed.kill();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> System.nanoTime() - down > Duration.ofSeconds(5).toNanos()
						&& workload.successes() > successesBefore + 500);
			int onSurvivors = 0;
			for (String id : fixed) {
				boolean held = surviving.stream()
					.anyMatch((server) -> server.send("get Item." + id + ".value").startsWith("VALUE"));
				if (held) {
					onSurvivors++;
					assertThat(repository.get(Item.class, id).value().get()).isEqualTo(Item.valueOf(id));
				}
				else {
					assertThat(readOrMiss(() -> repository.get(Item.class, id).value().get())).isNull();
				}
			}
			assertThat(onSurvivors).isBetween(fixed.size() / 3, fixed.size() - 1);
			failuresWhileDown = workload.failures() - failuresBefore;
			long restarted = System.nanoTime();
			killed.start();
			recovery = workload.awaitRecovery(restarted, RECOVERY_LIMIT);
			assertThat(statistic(killed, "cmd_set")).isPositive();
		}
		System.out.println("FAILOVER memcached-pool failed operations while a server was down: " + failuresWhileDown);
		record("memcached-pool-restart", recovery, Duration.ZERO);
	}

	private static String readOrMiss(Supplier<String> read) {
		try {
			return read.get();
		}
		catch (CacheBackendException ex) {
			return null;
		}
	}

	private static long statistic(ManagedServer server, String name) {
		for (String line : server.send("stats").split("\r\n")) {
			if (line.startsWith("STAT " + name + " ")) {
				return Long.parseLong(line.substring(("STAT " + name + " ").length()).trim());
			}
		}
		return 0;
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context) {
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("cacheobj.ha");
	}

	private static void assertAllPresent(CacheEntityRepository repository, List<String> ids) {
		for (int start = 0; start < ids.size(); start += 500) {
			List<String> chunk = ids.subList(start, Math.min(ids.size(), start + 500));
			List<Item> loaded = repository.loadAll(Item.class, chunk);
			for (int i = 0; i < chunk.size(); i++) {
				assertThat(loaded.get(i).value().getCached()).as(chunk.get(i)).isEqualTo(Item.valueOf(chunk.get(i)));
			}
		}
	}

	/**
	 * Write a marker on a master and wait until a replica has it: every write the master
	 * acknowledged before is then on the replica too, since replication keeps order.
	 */
	private static long waitForReplicas(ManagedServer master, String marker) {
		RedisClient client = RedisClient.create(RedisURI.create(master.host(), master.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().set(marker, "1");
			return connection.sync().waitForReplication(1, 5000);
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static long awaitRole(ManagedServer server, String role) {
		await().atMost(RECOVERY_LIMIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> server.send("ROLE").contains(role));
		return System.nanoTime();
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

	/** Return a hash tag whose slot the master serves. */
	private static String keyOn(ManagedServer master) {
		String self = master.send("CLUSTER NODES")
			.lines()
			.filter((line) -> line.contains("myself"))
			.findFirst()
			.orElseThrow();
		String[] fields = self.trim().split(" ");
		List<int[]> ranges = new ArrayList<>();
		for (int i = 8; i < fields.length; i++) {
			String[] bounds = fields[i].split("-");
			int low = Integer.parseInt(bounds[0]);
			ranges.add(new int[] { low, (bounds.length > 1) ? Integer.parseInt(bounds[1]) : low });
		}
		for (int i = 0;; i++) {
			int slot = SlotHash.getSlot("t" + i);
			if (ranges.stream().anyMatch((range) -> slot >= range[0] && slot <= range[1])) {
				return "t" + i;
			}
		}
	}

	private static void record(String topology, Duration outage, Duration serverFailover) {
		String line = String.format("%s outage=%dms server-failover=%dms after-server-failover=%dms%n", topology,
				outage.toMillis(), serverFailover.toMillis(), Math.max(0, outage.minus(serverFailover).toMillis()));
		System.out.print("FAILOVER " + line);
		try {
			Files.writeString(Path.of("target", "failover-times.txt"), line, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Loads of 200 ids across every slot, on a backend whose failures are thrown and on
	 * one whose failures are ignored, in a loop: a load fails with a
	 * {@link CacheBackendException} or misses, but never returns a wrong value.
	 */
	private static final class BulkReads implements AutoCloseable {

		private final CacheEntityRepository repository;

		private final List<String> ids;

		private final ExecutorService executor = Executors.newSingleThreadExecutor();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong correct = new AtomicLong();

		private final Queue<String> problems = new ConcurrentLinkedQueue<>();

		BulkReads(CacheEntityRepository repository, List<String> ids) {
			this.repository = repository;
			this.ids = ids;
			this.executor.submit(this::run);
		}

		private void run() {
			while (this.running.get()) {
				try {
					List<Item> items = this.repository.loadAll(Item.class, this.ids);
					boolean complete = true;
					for (Item item : items) {
						complete &= check(item.id(), item.value().getCached());
					}
					if (complete) {
						this.correct.incrementAndGet();
					}
				}
				catch (CacheBackendException ex) {
					Thread.onSpinWait();
				}
				catch (Throwable ex) {
					this.problems.add(String.valueOf(ex));
				}
				try {
					for (IgnoredItem item : this.repository.loadAll(IgnoredItem.class, this.ids)) {
						check(item.id(), item.value().getCached());
					}
				}
				catch (Throwable ex) {
					this.problems.add("ignored: " + ex);
				}
			}
		}

		private boolean check(String id, String value) {
			if (value != null && !value.equals(Item.valueOf(id))) {
				this.problems.add(id + "=" + value);
			}
			return value != null;
		}

		void awaitProgress() {
			long from = this.correct.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> this.correct.get() > from + 5);
		}

		@Override
		public void close() {
			FailoverWorkload.stop(this.running, this.executor);
			assertThat(this.problems).isEmpty();
		}

	}

	/**
	 * The state transitions of a circuit breaker, with their times.
	 */
	private static final class BreakerTimeline {

		private final CircuitBreaker breaker;

		private final Queue<Map.Entry<CircuitBreaker.StateTransition, Long>> transitions = new ConcurrentLinkedQueue<>();

		BreakerTimeline(CircuitBreaker breaker) {
			this.breaker = breaker;
			breaker.getEventPublisher()
				.onStateTransition(
						(event) -> this.transitions.add(Map.entry(event.getStateTransition(), System.nanoTime())));
		}

		CircuitBreaker.State state() {
			return this.breaker.getState();
		}

		/**
		 * Assert that the breaker, each time it opened, let probes through again within
		 * its wait duration (plus scheduling slack).
		 */
		void assertNeverOpenLongerThan(Duration wait) {
			Long openedAt = null;
			for (Map.Entry<CircuitBreaker.StateTransition, Long> transition : this.transitions) {
				CircuitBreaker.State to = transition.getKey().getToState();
				if (to == CircuitBreaker.State.OPEN) {
					openedAt = transition.getValue();
				}
				else if (openedAt != null) {
					assertThat(Duration.ofNanos(transition.getValue() - openedAt))
						.isLessThan(wait.plus(Duration.ofSeconds(1)));
					openedAt = null;
				}
			}
			assertThat(openedAt).as("breaker still open").isNull();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Item.class)
	static class ItemScan {

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = IgnoredItem.class)
	static class IgnoredItemScan {

	}

}
