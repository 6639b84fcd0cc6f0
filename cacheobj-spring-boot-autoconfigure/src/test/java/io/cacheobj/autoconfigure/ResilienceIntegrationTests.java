package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.metrics.CacheObjMetrics;
import io.cacheobj.resilience.CircuitBreakerCacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Circuit breakers, failure policies and metrics of {@link CacheObjAutoConfiguration}
 * against real Redis servers that are frozen ({@code SIGSTOP}) or killed
 * ({@code SIGKILL}) under a running workload.
 */
class ResilienceIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(CircuitBreakerRegistry.class, CircuitBreakerRegistry::ofDefaults);

	private ApplicationContextRunner redis(ManagedServer server, String... more) {
		List<String> properties = new ArrayList<>(List.of("cacheobj.backends.redis.type=redis",
				"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(),
				"cacheobj.backends.redis.timeout=300ms",
				"cacheobj.backends.redis.circuit-breaker.minimum-number-of-calls=4",
				"cacheobj.backends.redis.circuit-breaker.sliding-window-size=4",
				"cacheobj.backends.redis.circuit-breaker.wait-duration-in-open-state=500ms",
				"cacheobj.backends.local.type=memory", "cacheobj.default-backend=redis"));
		properties.addAll(List.of(more));
		return this.contextRunner.withPropertyValues(properties.toArray(String[]::new));
	}

	@Test
	void frozenServerOpensTheBreakerSoCallsFailAtOnceAndItClosesWhenTheServerResumes(
			@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			CircuitBreaker breaker = breaker(context);
			try (Workload workload = new Workload(repository(context))) {
				workload.awaitProgress();
				server.signal("STOP");
				try {
					awaitOpen(breaker);
					long start = System.nanoTime();
					assertThatExceptionOfType(CacheBackendException.class)
						.isThrownBy(() -> repository(context).get(Greeting.class, "x").text().get())
						.withMessageContaining("circuit breaker is OPEN");
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
					assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> health(context))
						.withMessageContaining("(circuit breaker OPEN)");
				}
				finally {
					server.signal("CONT");
				}
				workload.awaitRecovery(breaker);
				assertThat(health(context)).containsEntry("circuitBreaker", "CLOSED").containsKey("version");
			}
		});
	}

	@Test
	void frozenMemcachedServerOpensTheBreakerAndItClosesWhenTheServerResumes(
			@RealServer(Kind.MEMCACHED) ManagedServer server) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached",
					"cacheobj.backends.m.servers=127.0.0.1:" + server.port(), "cacheobj.backends.m.timeout=300ms",
					"cacheobj.backends.m.circuit-breaker.minimum-number-of-calls=4",
					"cacheobj.backends.m.circuit-breaker.sliding-window-size=4",
					"cacheobj.backends.m.circuit-breaker.wait-duration-in-open-state=500ms")
			.run((context) -> {
				CircuitBreaker breaker = context.getBean(CircuitBreakerRegistry.class).circuitBreaker("cacheobj.m");
				try (Workload workload = new Workload(repository(context))) {
					workload.awaitProgress();
					server.signal("STOP");
					try {
						awaitOpen(breaker);
					}
					finally {
						server.signal("CONT");
					}
					workload.awaitRecovery(breaker);
				}
			});
	}

	@Test
	void killedServerOpensTheBreakerAndARestartedOneClosesIt(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			CircuitBreaker breaker = breaker(context);
			try (Workload workload = new Workload(repository(context))) {
				workload.awaitProgress();
				server.kill();
				awaitOpen(breaker);
				server.start();
				workload.awaitRecovery(breaker);
			}
		});
	}

	@Test
	void ignoreModeServesMissesWhileTheServerIsDown(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server, "cacheobj.backends.redis.on-error=ignore").run((context) -> {
			CacheEntityRepository repository = repository(context);
			Greeting greeting = repository.get(Greeting.class, "ignored");
			greeting.text().set("before");
			assertThat(greeting.text().get()).isEqualTo("before");
			server.kill();
			for (int i = 0; i < 10; i++) {
				assertThat(repository.get(Greeting.class, "ignored").text().get()).isNull();
				repository.get(Greeting.class, "ignored").text().set("lost");
			}
			assertThat(greeting.text().getCached()).isEqualTo("before");
			assertThat(repository.findById(Greeting.class, "ignored")).isEmpty();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(CacheObjMetrics.TIMER).tags("backend", "redis", "outcome", "error").timers())
				.isNotEmpty();
		});
	}

	@Test
	void breakersGuardRemoteBackendsOnlyUnlessConfiguredOtherwise(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server, "cacheobj.backends.local.circuit-breaker.enabled=true").run((context) -> {
			assertThat(unwrapped(context, "redis")).contains("CircuitBreakerCacheBackend");
			assertThat(unwrapped(context, "local")).contains("CircuitBreakerCacheBackend");
		});
		redis(server, "cacheobj.backends.redis.circuit-breaker.enabled=false").run((context) -> {
			assertThat(unwrapped(context, "redis")).doesNotContain("CircuitBreakerCacheBackend");
			assertThat(unwrapped(context, "local")).doesNotContain("CircuitBreakerCacheBackend");
		});
	}

	@Test
	void withoutResilience4jOrMicrometerBackendsAreUsedAsTheyAre(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).withClassLoader(new FilteredClassLoader(CircuitBreaker.class, MeterRegistry.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(unwrapped(context, "redis")).startsWith("RedisCacheBackend");
			});
	}

	@Test
	void metricsTimeOperationsWithBackendOperationAndOutcome(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			CacheEntityRepository repository = repository(context);
			repository.get(Greeting.class, "m").text().set("metered");
			repository.get(Greeting.class, "m").text().get();
			repository.get(Greeting.class, "none").text().get();
			repository.loadAll(Greeting.class, List.of("m", "none"));
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(CacheObjMetrics.TIMER)
				.tags("backend", "redis", "operation", "get", "outcome", "hit")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get(CacheObjMetrics.TIMER)
				.tags("backend", "redis", "operation", "get", "outcome", "miss")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get(CacheObjMetrics.BULK_SIZE).tags("backend", "redis").summary().max()).isEqualTo(2);
		});
	}

	@Test
	void memoryBackendsAreTimedOnlyWhenAsked(@RealServer(Kind.REDIS) ManagedServer server) {
		redis(server).run((context) -> {
			assertThat(unwrapped(context, "local")).startsWith("MemoryCacheBackend");
			assertThat(unwrapped(context, "redis")).startsWith("MeteredCacheBackend");
		});
		redis(server, "cacheobj.backends.local.metrics-enabled=true", "cacheobj.backends.redis.metrics-enabled=false")
			.run((context) -> {
				assertThat(unwrapped(context, "local")).startsWith("MeteredCacheBackend");
				assertThat(unwrapped(context, "redis")).startsWith("CircuitBreakerCacheBackend");
			});
	}

	private static void awaitOpen(CircuitBreaker breaker) {
		await().atMost(Duration.ofSeconds(10)).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context) {
		CacheObjBinding binding = context.getBean(CacheObjBinding.class);
		assertThat(binding.backends().get("redis").toString())
			.contains(CircuitBreakerCacheBackend.class.getSimpleName());
		return context.getBean(CircuitBreakerRegistry.class).circuitBreaker("cacheobj.redis");
	}

	private static String unwrapped(AssertableApplicationContext context, String name) {
		return context.getBean(CacheObjBinding.class).backends().get(name).toString();
	}

	private static java.util.Map<String, Object> health(AssertableApplicationContext context) {
		return context.getBean(CacheObjBinding.class).backends().get("redis").check();
	}

	private static CacheEntityRepository repository(AssertableApplicationContext context) {
		return context.getBean(CacheEntityRepository.class);
	}

	/**
	 * Reads and writes in a loop on two threads, counting what succeeds.
	 */
	static final class Workload implements AutoCloseable {

		final AtomicLong successes = new AtomicLong();

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final ExecutorService executor = Executors.newFixedThreadPool(2);

		private final List<Future<?>> futures = new ArrayList<>();

		Workload(CacheEntityRepository repository) {
			for (int t = 0; t < 2; t++) {
				int thread = t;
				this.futures.add(this.executor.submit(() -> {
					for (long i = 0; this.running.get() && i < 10_000_000; i++) {
						try {
							Greeting greeting = repository.get(Greeting.class, thread + "-" + (i % 50));
							greeting.text().set("v" + i);
							greeting.text().get();
							this.successes.incrementAndGet();
						}
						catch (CacheBackendException ex) {
							// Expected while the server is frozen or down: the loop goes
							// on.
							Thread.onSpinWait();
						}
					}
				}));
			}
		}

		void awaitProgress() {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.successes.get() > 20);
		}

		void awaitRecovery(CircuitBreaker breaker) {
			long before = this.successes.get();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> breaker.getState() == CircuitBreaker.State.CLOSED && this.successes.get() > before + 20);
		}

		@Override
		public void close() throws Exception {
			this.running.set(false);
			for (Future<?> future : this.futures) {
				future.get(30, TimeUnit.SECONDS);
			}
			this.executor.shutdownNow();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
