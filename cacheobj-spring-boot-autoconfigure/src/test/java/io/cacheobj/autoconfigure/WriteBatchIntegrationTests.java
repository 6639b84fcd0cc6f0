package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.autoconfigure.composite.Split;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.TcpProxy;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Batches through the auto-configured starter over Redis and memcached together: both
 * backends at once, a backend that fails while the other's writes land, and
 * read-your-writes with near caches in two applications.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteBatchIntegrationTests {

	private static final Duration DELAY = Duration.ofMillis(300);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	private ApplicationContextRunner composite(int redisPort, int memcachedPort, String... more) {
		return this.contextRunner.withUserConfiguration(SplitScan.class)
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redisPort, "cacheobj.backends.redis.timeout=10s",
					"cacheobj.backends.memcached.type=memcached",
					"cacheobj.backends.memcached.servers=127.0.0.1:" + memcachedPort,
					"cacheobj.backends.memcached.timeout=10s", "cacheobj.default-backend=redis")
			.withPropertyValues(more);
	}

	@Test
	void batchOverTwoFarBackendsTakesOneRoundTripNotTwo(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		try (TcpProxy redisProxy = TcpProxy.delaying(redis, DELAY);
				TcpProxy memcachedProxy = TcpProxy.delaying(memcached, DELAY)) {
			composite(redisProxy.port(), memcachedProxy.port()).run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				Split warm = repository.get(Split.class, "warm");
				repository.batch().set(warm.onRedis(), "w").set(warm.onMemcached(), "w").execute();
				CacheWriteBatch batch = queue(repository, "far", 200);
				long start = System.nanoTime();
				batch.execute();
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				System.out.println("Batch over Redis and memcached, each 300 ms away: " + elapsed.toMillis() + " ms");
				assertThat(elapsed).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.multipliedBy(2).minusMillis(50));
				assertWritten(repository, "far", 200, true);
			});
		}
	}

	@Test
	void asyncBatchOverTwoBackendsWritesBoth(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		composite(redis.port(), memcached.port()).run((context) -> {
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			queue(repository, "async", 50).executeAsync().join();
			assertWritten(repository, "async", 50, true);
		});
	}

	@Test
	void backendDownDuringABatchIsNamedWhileTheOtherBackendsWritesLand(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		composite(redis.port(), memcached.port(), "cacheobj.backends.memcached.timeout=500ms").run((context) -> {
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			CacheWriteBatch batch = queue(repository, "down", 20);
			memcached.kill();
			try {
				assertThatExceptionOfType(CacheBackendException.class).isThrownBy(batch::execute)
					.withMessageContaining("failed on 1 of 2 backends")
					.withMessageContaining("backend 'memcached' (20 writes)")
					.withMessageContaining("of 20 writes (first keys 'Split.down0.onMemcached'")
					.withMessageNotContaining("backend 'redis'");
				assertWritten(repository, "down", 20, false);
			}
			finally {
				memcached.start();
			}
		});
	}

	@Test
	void ignoredBackendDownDuringABatchIsLogged(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached, CapturedOutput output) {
		composite(redis.port(), memcached.port(), "cacheobj.backends.memcached.timeout=500ms",
				"cacheobj.backends.memcached.on-error=ignore")
			.run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				CacheWriteBatch batch = queue(repository, "ignored", 20);
				memcached.kill();
				try {
					batch.execute();
					assertThat(output).contains("A batch of 20 writes to backend 'memcached' failed and is ignored");
					assertWritten(repository, "ignored", 20, false);
				}
				finally {
					memcached.start();
				}
			});
	}

	@Test
	void batchIsReadAtOnceThroughTheNearCacheAndInvalidatesAnotherApplications(
			@RealServer(Kind.REDIS) ManagedServer redis) {
		ApplicationContextRunner near = this.contextRunner.withUserConfiguration(GreetingScan.class)
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redis.port(),
					"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis");
		near.run((one) -> near.run((other) -> {
			CacheEntityRepository writer = awaitTracking(one);
			CacheEntityRepository reader = awaitTracking(other);
			for (int i = 0; i < 50; i++) {
				writer.get(Greeting.class, "near" + i).text().set("old " + i);
			}
			for (int i = 0; i < 50; i++) {
				assertThat(writer.get(Greeting.class, "near" + i).text().get()).isEqualTo("old " + i);
				assertThat(reader.get(Greeting.class, "near" + i).text().get()).isEqualTo("old " + i);
			}
			CacheWriteBatch batch = writer.batch();
			List<Greeting> written = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				Greeting greeting = writer.get(Greeting.class, "near" + i);
				written.add(greeting);
				batch.set(greeting.text(), (i % 5 == 0) ? null : "new " + i);
			}
			batch.execute();
			for (int i = 0; i < 50; i++) {
				String expected = (i % 5 == 0) ? null : "new " + i;
				assertThat(written.get(i).text().getCached()).isEqualTo(expected);
				assertThat(writer.get(Greeting.class, "near" + i).text().get()).isEqualTo(expected);
			}
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				for (int i = 0; i < 50; i++) {
					assertThat(reader.get(Greeting.class, "near" + i).text().get())
						.isEqualTo((i % 5 == 0) ? null : "new " + i);
				}
			});
		}));
	}

	private static CacheWriteBatch queue(CacheEntityRepository repository, String prefix, int objects) {
		CacheWriteBatch batch = repository.batch();
		for (int i = 0; i < objects; i++) {
			Split split = repository.get(Split.class, prefix + i);
			batch.set(split.onRedis(), "r" + i).set(split.onMemcached(), "m" + i);
		}
		return batch;
	}

	/**
	 * Check the writes of {@link #queue}: with one bulk read per backend when both are
	 * up, else the Redis properties only.
	 */
	private static void assertWritten(CacheEntityRepository repository, String prefix, int objects,
			boolean memcachedUp) {
		if (memcachedUp) {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < objects; i++) {
				ids.add(prefix + i);
			}
			List<Split> loaded = repository.loadAll(Split.class, ids);
			for (int i = 0; i < objects; i++) {
				assertThat(loaded.get(i).onRedis().getCached()).isEqualTo("r" + i);
				assertThat(loaded.get(i).onMemcached().getCached()).isEqualTo("m" + i);
			}
			return;
		}
		for (int i = 0; i < objects; i++) {
			assertThat(repository.get(Split.class, prefix + i).onRedis().get()).isEqualTo("r" + i);
		}
	}

	private static CacheEntityRepository awaitTracking(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("redis");
		assertThat(nearCache).isNotNull();
		await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
		return context.getBean(CacheEntityRepository.class);
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Split.class)
	static class SplitScan {

	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
