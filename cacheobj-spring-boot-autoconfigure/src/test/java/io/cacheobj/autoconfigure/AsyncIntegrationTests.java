package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.composite.Split;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Asynchronous calls and composite loads against real Redis and memcached servers that
 * are paused ({@code SIGSTOP}) so that a call that blocked, or backends read one after
 * the other, would show.
 */
class AsyncIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjResilienceAutoConfiguration.class))
		.withUserConfiguration(SplitScan.class);

	private ApplicationContextRunner servers(ManagedServer redis, ManagedServer memcached, String... more) {
		return this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redis.port(),
					"cacheobj.backends.memcached.type=memcached",
					"cacheobj.backends.memcached.servers=127.0.0.1:" + memcached.port())
			.withPropertyValues(more);
	}

	@Test
	void asyncCallsReturnBeforeAPausedServerAnswers(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		servers(redis, memcached).run((context) -> {
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			Split split = repository.get(Split.class, "a");
			split.onRedis().set("on redis");
			split.onMemcached().set("on memcached");
			redis.signal("STOP");
			memcached.signal("STOP");
			CompletableFuture<String> fromRedis;
			CompletableFuture<String> fromMemcached;
			CompletableFuture<Void> write;
			CompletableFuture<Split> load;
			try {
				fromRedis = split.onRedis().getAsync();
				fromMemcached = split.onMemcached().getAsync();
				write = split.onRedis().setAsync("written while paused");
				load = repository.loadAsync(Split.class, "a");
				assertThat(fromRedis).isNotDone();
				assertThat(fromMemcached).isNotDone();
				assertThat(write).isNotDone();
				assertThat(load).isNotDone();
			}
			finally {
				redis.signal("CONT");
				memcached.signal("CONT");
			}
			assertThat(fromRedis).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("on redis");
			assertThat(fromMemcached).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("on memcached");
			assertThat(write).succeedsWithin(Duration.ofSeconds(5));
			assertThat(load).succeedsWithin(Duration.ofSeconds(5))
				.satisfies((loaded) -> assertThat(loaded.onMemcached().getCached()).isEqualTo("on memcached"));
			assertThat(split.onRedis().get()).isEqualTo("written while paused");
		});
	}

	@Test
	void compositeLoadAsksEveryBackendAtOnce(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) throws Exception {
		servers(redis, memcached).run((context) -> {
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			Split split = repository.get(Split.class, "b");
			split.onRedis().set("r");
			split.onMemcached().set("m");
			long gets = memcachedGets(memcached);
			redis.signal("STOP");
			CompletableFuture<Split> load;
			long start = System.nanoTime();
			try {
				load = CompletableFuture.supplyAsync(() -> repository.load(Split.class, "b"));
				// memcached is asked while Redis has not answered: the reads are not one
				// after
				// the other.
				await().atMost(Duration.ofSeconds(5)).until(() -> memcachedGets(memcached) > gets);
				assertThat(load).isNotDone();
				await().pollDelay(Duration.ofMillis(200)).until(() -> true);
			}
			finally {
				redis.signal("CONT");
			}
			Split loaded = load.get(5, TimeUnit.SECONDS);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(loaded.onRedis().getCached()).isEqualTo("r");
			assertThat(loaded.onMemcached().getCached()).isEqualTo("m");
			assertThat(took).isBetween(Duration.ofMillis(200), Duration.ofMillis(1500));
		});
	}

	@Test
	void asyncFailuresAreTheBlockingCallsFailures(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		servers(redis, memcached, "cacheobj.backends.redis.timeout=300ms",
				"cacheobj.backends.redis.circuit-breaker.minimum-number-of-calls=2",
				"cacheobj.backends.redis.circuit-breaker.sliding-window-size=2",
				"cacheobj.backends.memcached.on-error=ignore", "cacheobj.backends.memcached.timeout=300ms")
			.run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				Split split = repository.get(Split.class, "c");
				redis.kill();
				memcached.kill();
				try {
					assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> split.onRedis().get());
					assertThat(split.onRedis().getAsync()).failsWithin(Duration.ofSeconds(5))
						.withThrowableOfType(ExecutionException.class)
						.havingCause()
						.isInstanceOf(CacheBackendException.class);
					assertThat(split.onRedis().getAsync()).failsWithin(Duration.ofSeconds(5))
						.withThrowableOfType(ExecutionException.class)
						.havingCause()
						.withMessageContaining("circuit breaker is OPEN");
					assertThat(split.onMemcached().get()).isNull();
					assertThat(split.onMemcached().getAsync()).succeedsWithin(Duration.ofSeconds(5)).isNull();
					assertThat(split.onMemcached().setAsync("ignored")).succeedsWithin(Duration.ofSeconds(5));
				}
				finally {
					redis.start();
					memcached.start();
				}
			});
	}

	private static long memcachedGets(ManagedServer memcached) {
		Matcher matcher = Pattern.compile("STAT cmd_get (\\d+)").matcher(memcached.send("stats"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Split.class)
	static class SplitScan {

	}

}
