package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheObjNearCacheProperties.Tracking;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.metrics.CacheObjMetrics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near cache of a Redis backend, configured as a user would, against real servers:
 * every writer invalidates it, warm reads send nothing, and it never stays stale when its
 * tracking connection or the server goes away.
 */
class NearCacheIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	private ApplicationContextRunner redis(String target, String... more) {
		List<String> properties = new ArrayList<>(List.of("cacheobj.backends.redis.type=redis", target,
				"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis"));
		properties.addAll(List.of(more));
		return this.contextRunner.withPropertyValues(properties.toArray(String[]::new));
	}

	private static String tracking(Tracking mode) {
		return "cacheobj.backends.redis.near-cache.tracking=" + mode.name().toLowerCase(Locale.ROOT);
	}

	private ApplicationContextRunner standalone(ManagedServer server, String... more) {
		return redis("cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(), more);
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void everyWriterInvalidatesTheNearCache(Tracking mode, @RealServer(Kind.REDIS) ManagedServer server) {
		RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> raw = connection.sync();
			standalone(server, tracking(mode)).run((context) -> {
				CacheEntityRepository repository = awaitTracking(context);
				repository.get(Greeting.class, "g").text().set("first");
				assertThat(text(repository, "g")).isEqualTo("first");
				raw.set("Greeting.g.text", "by lettuce");
				System.out.println("near cache: Lettuce write seen after " + awaitText(repository, "g", "by lettuce"));
				RedisTestSupport.redisCli(server, "SET", "Greeting.g.text", "by redis-cli");
				System.out
					.println("near cache: redis-cli write seen after " + awaitText(repository, "g", "by redis-cli"));
				PythonInterop.run("redis", "redis.Redis(port=int(sys.argv[1])).set('Greeting.g.text', 'by python')",
						Integer.toString(server.port()));
				System.out.println("near cache: Python write seen after " + awaitText(repository, "g", "by python"));
				raw.del("Greeting.g.text");
				awaitText(repository, "g", null);
				raw.psetex("Greeting.g.text", 300, "expiring");
				awaitText(repository, "g", "expiring");
				awaitText(repository, "g", null);
				raw.set("Greeting.g.text", "before flush");
				awaitText(repository, "g", "before flush");
				raw.flushall();
				awaitText(repository, "g", null);
			});
		}
		finally {
			client.shutdown();
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void warmReadsSendNoCommandAndBulkReadsAskOnlyForMisses(Tracking mode,
			@RealServer(Kind.REDIS) ManagedServer server) {
		standalone(server, tracking(mode)).run((context) -> {
			CacheEntityRepository repository = awaitTracking(context);
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				ids.add("w" + i);
				repository.get(Greeting.class, "w" + i).text().set("hello " + i);
			}
			assertThat(text(repository, "w0")).isEqualTo("hello 0");
			RedisTestSupport.resetStats(server);
			for (int i = 0; i < 1000; i++) {
				assertThat(text(repository, "w0")).isEqualTo("hello 0");
			}
			assertThat(RedisTestSupport.calls(server, "get")).isZero();
			assertThat(RedisTestSupport.calls(server, "mget")).isZero();
			repository.loadAll(Greeting.class, ids.subList(0, 40));
			NearCacheStatistics nearCache = nearCache(context);
			long misses = nearCache.misses();
			RedisTestSupport.resetStats(server);
			List<Greeting> greetings = repository.loadAll(Greeting.class, ids);
			assertThat(RedisTestSupport.calls(server, "mget")).isEqualTo(1);
			assertThat(RedisTestSupport.calls(server, "get")).isZero();
			assertThat(nearCache.misses() - misses).isEqualTo(60);
			assertThat(greetings).extracting((greeting) -> greeting.text().getCached())
				.containsExactlyElementsOf(ids.stream().map((id) -> "hello " + id.substring(1)).toList());
			RedisTestSupport.resetStats(server);
			repository.loadAll(Greeting.class, ids);
			assertThat(RedisTestSupport.calls(server, "mget")).isZero();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(CacheObjMetrics.NEAR_CACHE_GETS)
				.tags("backend", "redis", "result", "hit")
				.functionCounter()
				.count()).isGreaterThanOrEqualTo(1140);
			assertThat(meters.get(CacheObjMetrics.NEAR_CACHE_SIZE).tags("backend", "redis").gauge().value())
				.isEqualTo(100);
			String tag = mode.name().toLowerCase(Locale.ROOT);
			double pushes = meters.get(CacheObjMetrics.NEAR_CACHE_PUSHES)
				.tags("backend", "redis", "mode", tag)
				.functionCounter()
				.count();
			repository.get(Greeting.class, "w0").text().set("changed");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.get(CacheObjMetrics.NEAR_CACHE_PUSHES)
					.tags("backend", "redis", "mode", tag)
					.functionCounter()
					.count() > pushes);
			assertThat(
					meters.get(CacheObjMetrics.NEAR_CACHE_BYPASSED).tags("backend", "redis").functionCounter().count())
				.as("bypassed until tracking began")
				.isPositive();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.get(CacheObjMetrics.NEAR_CACHE_PING_P99)
					.tags("backend", "redis")
					.gauge()
					.value() > 0);
			assertThat(meters.get(CacheObjMetrics.NEAR_CACHE_PING_P99).tags("backend", "redis").gauge().value())
				.isLessThan(1);
			server.send("FLUSHALL");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> meters.get(CacheObjMetrics.NEAR_CACHE_FLUSHES)
					.tags("backend", "redis", "cause", "server")
					.functionCounter()
					.count() == 1);
			assertThat(meters.get(CacheObjMetrics.NEAR_CACHE_FLUSHES)
				.tags("backend", "redis", "cause", "trackingLost")
				.functionCounter()
				.count()).isZero();
		});
	}

	@Test
	void nearCacheIsNeverLeftStaleByLostTrackingOrARestartedServer(@RealServer(Kind.REDIS) ManagedServer server)
			throws Exception {
		RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		client.setOptions(io.lettuce.core.ClientOptions.builder()
			.disconnectedBehavior(io.lettuce.core.ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build());
		StatefulRedisConnection<String, String> connection = client.connect();
		try {
			standalone(server, "cacheobj.backends.redis.timeout=500ms",
					"cacheobj.backends.redis.circuit-breaker.enabled=false", "cacheobj.backends.redis.on-error=ignore")
				.run((context) -> {
					CacheEntityRepository repository = awaitTracking(context);
					int keys = 20;
					AtomicBoolean running = new AtomicBoolean(true);
					AtomicLong reads = new AtomicLong();
					List<Throwable> failures = new CopyOnWriteArrayList<>();
					List<Thread> threads = new ArrayList<>();
					threads.add(new Thread(() -> {
						Random random = new Random(1);
						long n = 0;
						while (running.get()) {
							try {
								connection.sync().set("Greeting.s" + random.nextInt(keys) + ".text", "v" + (n++));
							}
							catch (RuntimeException ex) {
								// The server is down for a moment: the writer tries
								// again.
							}
						}
					}));
					for (int r = 0; r < 4; r++) {
						int seed = r;
						threads.add(new Thread(() -> {
							Random random = new Random(seed);
							while (running.get()) {
								try {
									text(repository, "s" + random.nextInt(keys));
									reads.incrementAndGet();
								}
								catch (Throwable ex) {
									failures.add(ex);
								}
							}
						}));
					}
					threads.forEach(Thread::start);
					long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
					sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
					killTrackingConnection(server);
					sleepUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
					server.kill();
					sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500));
					server.start();
					sleepUntil(end);
					running.set(false);
					for (Thread thread : threads) {
						thread.join(10_000);
					}
					assertThat(failures).isEmpty();
					NearCacheStatistics nearCache = nearCache(context);
					await().atMost(Duration.ofSeconds(20)).until(nearCache::isActive);
					await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
						for (int i = 0; i < keys; i++) {
							assertThat(text(repository, "s" + i))
								.isEqualTo(connection.sync().get("Greeting.s" + i + ".text"));
						}
					});
					for (int i = 0; i < keys; i++) {
						assertThat(text(repository, "s" + i))
							.isEqualTo(connection.sync().get("Greeting.s" + i + ".text"));
					}
					assertThat(reads.get()).isGreaterThan(1000);
					assertThat(nearCache.hits()).isPositive();
				});
		}
		finally {
			connection.close();
			client.shutdown();
		}
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void clusterWritesOnEveryMasterInvalidateTheNearCache(Tracking mode,
			@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		RedisClusterClient client = RedisClusterClient
			.create(RedisURI.create(nodes.get(0).host(), nodes.get(0).port()));
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			List<String> seeds = nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
			redis("cacheobj.backends.redis.cluster-nodes=" + String.join(",", seeds), tracking(mode)).run((context) -> {
				CacheEntityRepository repository = awaitTracking(context);
				List<String> ids = new ArrayList<>();
				for (int i = 0; i < 60; i++) {
					ids.add("c" + i);
					repository.get(Greeting.class, "c" + i).text().set("old");
				}
				// The writes' own invalidations may still arrive and cancel the first
				// reads' copies.
				await().atMost(Duration.ofSeconds(5)).until(() -> {
					repository.loadAll(Greeting.class, ids);
					return nearCache(context).size() == 60;
				});
				for (String id : ids) {
					connection.sync().set("Greeting." + id + ".text", "new");
				}
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(repository.loadAll(Greeting.class, ids))
						.allSatisfy((greeting) -> assertThat(greeting.text().getCached()).isEqualTo("new")));
			});
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void healthAndEndpointShowTheNearCache(@RealServer(Kind.REDIS) ManagedServer server) {
		standalone(server).run((context) -> {
			awaitTracking(context);
			assertThat(nearCache(context).details()).containsEntry("active", true)
				.containsEntry("invalidation", "server")
				.containsKey("tracking");
		});
	}

	@Test
	void aClusterMasterStoppedRetiresOnlyItsKeysAndTheOthersKeepServing(
			@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		List<String> seeds = nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
		ManagedServer victim = nodes.get(1);
		redis("cacheobj.backends.redis.cluster-nodes=" + String.join(",", seeds),
				"cacheobj.backends.redis.timeout=300ms", "cacheobj.backends.redis.circuit-breaker.enabled=false",
				"cacheobj.backends.redis.on-error=ignore")
			.run((context) -> {
				CacheEntityRepository repository = awaitTracking(context);
				NearCacheStatistics nearCache = nearCache(context);
				List<String> ids = new ArrayList<>();
				List<String> victims = new ArrayList<>();
				for (int i = 0; i < 60; i++) {
					String id = "m" + i;
					ids.add(id);
					repository.get(Greeting.class, id).text().set("v" + i);
					if (victim.send("EXISTS Greeting." + id + ".text").startsWith(":1")) {
						victims.add(id);
					}
				}
				assertThat(victims).isNotEmpty().hasSizeLessThan(60);
				await().atMost(Duration.ofSeconds(5)).until(() -> {
					repository.loadAll(Greeting.class, ids);
					return nearCache.size() == 60;
				});
				victim.kill();
				await().atMost(Duration.ofSeconds(5))
					.until(() -> nearCache.details().get("tracking") instanceof Map<?, ?> tracking
							&& tracking.get("nodes") instanceof Map<?, ?> states
							&& Boolean.FALSE.equals(states.get(victim.host() + ":" + victim.port())));
				assertThat(nearCache.isActive()).isTrue();
				assertThat(nearCache.size()).isEqualTo(60 - victims.size());
				long hits = nearCache.hits();
				for (int round = 0; round < 10; round++) {
					for (String id : ids) {
						if (!victims.contains(id)) {
							assertThat(text(repository, id)).isEqualTo("v" + id.substring(1));
						}
					}
					Thread.sleep(100);
				}
				assertThat(nearCache.hits() - hits).isEqualTo(10L * (60 - victims.size()));
				assertThat(nearCache.isActive()).isTrue();
				victim.start();
				await().atMost(Duration.ofSeconds(30))
					.until(() -> nodes.stream()
						.allMatch((node) -> node.send("CLUSTER INFO").contains("cluster_state:ok")));
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					repository.loadAll(Greeting.class, ids);
					assertThat(nearCache.size()).isEqualTo(60);
				});
			});
	}

	private static CacheEntityRepository awaitTracking(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		NearCacheStatistics nearCache = nearCache(context);
		await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
		return context.getBean(CacheEntityRepository.class);
	}

	private static NearCacheStatistics nearCache(AssertableApplicationContext context) {
		NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("redis");
		assertThat(nearCache).isNotNull();
		return nearCache;
	}

	private static String text(CacheEntityRepository repository, String id) {
		return repository.get(Greeting.class, id).text().get();
	}

	private static Duration awaitText(CacheEntityRepository repository, String id, String expected) {
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> java.util.Objects.equals(text(repository, id), expected));
		return Duration.ofNanos(System.nanoTime() - start);
	}

	private static void killTrackingConnection(ManagedServer server) {
		String reply = "";
		String list = server.send("CLIENT LIST");
		for (String line : list.split("\n")) {
			if (line.contains("name=cacheobj-tracking-")) {
				String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
				reply = server.send("CLIENT KILL ID " + id);
			}
		}
		assertThat(reply).startsWith(":1");
	}

	private static void sleepUntil(long deadline) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> System.nanoTime() >= deadline);
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
