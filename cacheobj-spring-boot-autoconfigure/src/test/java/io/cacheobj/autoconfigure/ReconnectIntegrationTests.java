package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.metrics.CacheObjMetrics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.TcpProxy;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Connections dropped, servers restarted, reset or frozen under four threads that write
 * and read through the auto-configured binding with cacheobj's default circuit breaker
 * (and, on Redis, a near cache): a drop costs callers its reconnect, never the breaker's
 * wait, and a server that stops answering is cut off within a second and served again
 * within about a second of its return. Each test prints its figures, which
 * docs/operations.md quotes.
 */
class ReconnectIntegrationTests {

	private static final int DROPS = 5;

	private static final Duration DROP_BOUND = Duration.ofMillis(500);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	private ApplicationContextRunner redis(String target) {
		return this.contextRunner.withPropertyValues("cacheobj.backends.c.type=redis", target,
				"cacheobj.backends.c.near-cache.enabled=true", "cacheobj.default-backend=c");
	}

	private ApplicationContextRunner memcached(int port) {
		return this.contextRunner.withPropertyValues("cacheobj.backends.c.type=memcached",
				"cacheobj.backends.c.servers=127.0.0.1:" + port, "cacheobj.default-backend=c");
	}

	@Test
	void everyRedisConnectionDroppedByTheServerCostsCallersOnlyTheReconnect(
			@RealServer(Kind.REDIS) ManagedServer server) {
		RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		try (StatefulRedisConnection<String, String> admin = client.connect()) {
			redis("cacheobj.backends.c.url=redis://127.0.0.1:" + server.port())
				.run((context) -> dropFiveTimes("redis standalone", context,
						() -> admin.sync().clientKill(KillArgs.Builder.typeNormal()), DROP_BOUND));
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void everyRedisClusterConnectionDroppedByTheServersCostsCallersOnlyTheReconnect(
			@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		List<RedisClient> clients = new ArrayList<>();
		List<StatefulRedisConnection<String, String>> admins = new ArrayList<>();
		try {
			for (ManagedServer node : nodes) {
				RedisClient client = RedisClient.create(RedisURI.create(node.host(), node.port()));
				clients.add(client);
				admins.add(client.connect());
			}
			List<String> seeds = nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
			redis("cacheobj.backends.c.cluster-nodes=" + String.join(",", seeds))
				.run((context) -> dropFiveTimes("redis cluster", context, () -> {
					for (StatefulRedisConnection<String, String> admin : admins) {
						admin.sync().clientKill(KillArgs.Builder.typeNormal());
					}
				}, DROP_BOUND));
		}
		finally {
			admins.forEach(StatefulRedisConnection::close);
			clients.forEach(RedisClient::shutdown);
		}
	}

	@Test
	void everyMemcachedConnectionResetCostsCallersOnlyTheReconnect(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		try (TcpProxy proxy = TcpProxy.to(server.port())) {
			memcached(proxy.port())
				.run((context) -> dropFiveTimes("memcached", context, proxy::resetConnections, DROP_BOUND));
		}
	}

	/**
	 * Check that the context started, and wait until its near cache, if any, is active.
	 * @return the near cache's statistics, or {@code null} without one
	 */
	private static @Nullable NearCacheStatistics started(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("c");
		if (nearCache != null) {
			await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
		}
		return nearCache;
	}

	private void dropFiveTimes(String name, AssertableApplicationContext context, Runnable drop, Duration bound)
			throws Exception {
		NearCacheStatistics nearCache = started(context);
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		try (ReconnectWorkload workload = new ReconnectWorkload(repository, "drop-")) {
			workload.awaitProgress();
			long reconnectsBefore = reconnects(context);
			for (int i = 0; i < DROPS; i++) {
				long dropped = System.nanoTime();
				long reconnected = reconnects(context);
				drop.run();
				Duration readBack = workload.writeAndAwaitRead("probe", "after drop " + i, dropped);
				awaitReconnectCounted(context, reconnected);
				Duration nearCacheBack = Duration.ZERO;
				if (nearCache != null) {
					await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(nearCache::isActive);
					nearCacheBack = Duration.ofNanos(System.nanoTime() - dropped);
					awaitLocalHit(repository, nearCache, "after drop " + i);
				}
				workload.awaitProgress();
				System.out.printf(
						"reconnect [%s] drop %d: %d failed calls, last %d ms after the drop; first write after it"
								+ " read back after %d ms; near cache active again after %d ms; %d calls/s%n",
						name, i + 1, workload.failuresAfter(dropped), workload.lastFailureAfter(dropped).toMillis(),
						readBack.toMillis(), nearCacheBack.toMillis(), workload.rate());
				assertThat(workload.lastFailureAfter(dropped)).isLessThan(bound);
				assertThat(readBack).isLessThan(bound);
			}
			System.out.printf(
					"reconnect [%s]: %d failed calls of %d in %d drops; reconnects counted: %d; breaker transitions:"
							+ " %d%n",
					name, workload.failures(), workload.calls(), DROPS, reconnects(context) - reconnectsBefore,
					transitions(context));
			workload.assertConsistent();
			if (bound.equals(DROP_BOUND)) {
				assertThat(transitions(context)).isZero();
			}
		}
	}

	private static void awaitLocalHit(CacheEntityRepository repository, NearCacheStatistics nearCache,
			String expected) {
		await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1)).until(() -> {
			long hits = nearCache.hits();
			return expected.equals(repository.get(Greeting.class, "probe").text().get()) && nearCache.hits() > hits;
		});
	}

	@Test
	void redisRestartedOnTheSamePortIsServedAgainWithoutOpeningTheBreaker(@RealServer(Kind.REDIS) ManagedServer server)
			throws Exception {
		redis("cacheobj.backends.c.url=redis://127.0.0.1:" + server.port())
			.run((context) -> restartOnTheSamePort("redis restart", context, server));
	}

	@Test
	void memcachedRestartedOnTheSamePortIsServedAgainWithoutOpeningTheBreaker(
			@RealServer(Kind.MEMCACHED) ManagedServer server) throws Exception {
		memcached(server.port()).run((context) -> restartOnTheSamePort("memcached restart", context, server));
	}

	/**
	 * Kill the server under load and start it again on its port: the first write after it
	 * is read back within the drop bound of the time it was down, a near cache serves
	 * again, and the breaker never changes state.
	 */
	private void restartOnTheSamePort(String name, AssertableApplicationContext context, ManagedServer server)
			throws Exception {
		NearCacheStatistics nearCache = started(context);
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		try (ReconnectWorkload workload = new ReconnectWorkload(repository, "restart-")) {
			workload.awaitProgress();
			workload.emptied();
			long reconnected = reconnects(context);
			long killed = System.nanoTime();
			server.kill();
			server.start();
			Duration down = Duration.ofNanos(System.nanoTime() - killed);
			Duration readBack = workload.writeAndAwaitRead("probe", "after restart", killed);
			String nearCacheBack = "";
			if (nearCache != null) {
				awaitLocalHit(repository, nearCache, "after restart");
				nearCacheBack = "; near cache serving again after "
						+ Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms";
			}
			workload.awaitProgress();
			System.out.printf(
					"reconnect [%s]: down %d ms; %d failed calls, last %d ms after the kill; first write after it"
							+ " read back after %d ms%s; breaker transitions: %d; %d calls/s%n",
					name, down.toMillis(), workload.failuresAfter(killed), workload.lastFailureAfter(killed).toMillis(),
					readBack.toMillis(), nearCacheBack, transitions(context), workload.rate());
			workload.assertConsistent();
			assertThat(transitions(context)).isZero();
			assertThat(readBack).isLessThan(down.plus(DROP_BOUND));
			awaitReconnectCounted(context, reconnected);
		}
	}

	@Test
	void frozenRedisOpensTheBreakerWithinASecondAndItClosesWithinASecondOfTheServersReturn(
			@RealServer(Kind.REDIS) ManagedServer server) {
		redis("cacheobj.backends.c.url=redis://127.0.0.1:" + server.port())
			.run((context) -> cutOffAndServedAgain("redis frozen 10 s", context, () -> server.signal("STOP"),
					() -> server.signal("CONT")));
	}

	@Test
	void redisBehindAProxyThatResetsEveryConnectionOpensTheBreakerAndItClosesWhenTheProxyHeals(
			@RealServer(Kind.REDIS) ManagedServer server) {
		try (TcpProxy proxy = TcpProxy.to(server.port())) {
			redis("cacheobj.backends.c.url=redis://127.0.0.1:" + proxy.port())
				.run((context) -> cutOffAndServedAgain("redis behind a resetting proxy 10 s", context,
						() -> proxy.resetting(true), () -> proxy.resetting(false)));
		}
	}

	@Test
	void frozenMemcachedOpensTheBreakerWithinASecondAndItClosesWithinASecondOfTheServersReturn(
			@RealServer(Kind.MEMCACHED) ManagedServer server) {
		memcached(server.port()).run((context) -> cutOffAndServedAgain("memcached frozen 10 s", context,
				() -> server.signal("STOP"), () -> server.signal("CONT")));
	}

	private void cutOffAndServedAgain(String name, AssertableApplicationContext context, Runnable fail,
			Runnable recover) throws Exception {
		assertThat(context).hasNotFailed();
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		MeterRegistry meters = context.getBean(MeterRegistry.class);
		try (ReconnectWorkload workload = new ReconnectWorkload(repository, "cut-")) {
			workload.awaitProgress();
			long failed = System.nanoTime();
			Duration opened;
			long recovered;
			try {
				fail.run();
				opened = awaitState(meters, "open", Duration.ofSeconds(5), failed);
				long callsBefore = workload.calls();
				Gauge closedGauge = meters.get(CacheObjMetrics.CIRCUIT_BREAKER_STATE)
					.tags("backend", "c", "state", "closed")
					.gauge();
				await().during(Duration.ofSeconds(10).minus(Duration.ofNanos(System.nanoTime() - failed)))
					.atMost(Duration.ofSeconds(15))
					.until(() -> closedGauge.value() == 0);
				System.out.printf("reconnect [%s]: %d calls made while the server was away, %d refused%n", name,
						workload.calls() - callsBefore,
						(long) meters.get(CacheObjMetrics.CIRCUIT_BREAKER_REFUSED).counter().count());
			}
			finally {
				recover.run();
				recovered = System.nanoTime();
			}
			Duration closed = awaitState(meters, "closed", Duration.ofSeconds(10), recovered);
			Duration readBack = workload.writeAndAwaitRead("probe", "after recovery", recovered);
			workload.awaitProgress();
			System.out.printf(
					"reconnect [%s]: breaker open %d ms after the failure; closed %d ms after the server's return;"
							+ " first write after it read back after %d ms; %d failed calls; transitions: %d%n",
					name, opened.toMillis(), closed.toMillis(), readBack.toMillis(), workload.failures(),
					transitions(context));
			workload.assertConsistent();
			assertThat(opened).isLessThan(Duration.ofSeconds(1));
			assertThat(closed).isLessThan(Duration.ofMillis(1500));
		}
	}

	private static Duration awaitState(MeterRegistry meters, String state, Duration atMost, long since) {
		Gauge gauge = meters.get(CacheObjMetrics.CIRCUIT_BREAKER_STATE).tags("backend", "c", "state", state).gauge();
		BooleanSupplier reached = () -> gauge.value() == 1;
		await().atMost(atMost).pollInterval(Duration.ofMillis(1)).until(reached::getAsBoolean);
		return Duration.ofNanos(System.nanoTime() - since);
	}

	/**
	 * Wait until the backend's reconnect meter counts more than it did: every drop and
	 * restart is a reconnect of at least one connection.
	 */
	private static void awaitReconnectCounted(AssertableApplicationContext context, long before) {
		await().atMost(Duration.ofSeconds(5)).until(() -> reconnects(context) > before);
	}

	private static long reconnects(AssertableApplicationContext context) {
		return (long) context.getBean(MeterRegistry.class)
			.get(CacheObjMetrics.RECONNECTS)
			.tags("backend", "c")
			.functionCounter()
			.count();
	}

	private static long transitions(AssertableApplicationContext context) {
		return (long) context.getBean(MeterRegistry.class)
			.find(CacheObjMetrics.CIRCUIT_BREAKER_TRANSITIONS)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
