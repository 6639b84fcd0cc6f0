package io.cacheobj.autoconfigure;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheObjNearCacheProperties.Tracking;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Another client writes a key again and again, each write after this JVM's near cache
 * served the key: every write is noticed, so no copy outlives the value it holds.
 */
class NearCacheRawWriterIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withUserConfiguration(NearCacheIntegrationTests.GreetingScan.class)
		.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new);

	@ParameterizedTest(name = "{0}")
	@EnumSource(Tracking.class)
	void everyWriteAfterAHitIsNoticed(Tracking mode, @RealServer(Kind.REDIS) ManagedServer server) {
		RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			RedisCommands<String, String> raw = connection.sync();
			this.contextRunner
				.withPropertyValues("cacheobj.backends.redis.type=redis",
						"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(),
						"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis",
						"cacheobj.backends.redis.near-cache.tracking=" + mode.name().toLowerCase(Locale.ROOT))
				.run((context) -> {
					NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class)
						.nearCacheStatistics()
						.get("redis");
					await().until(nearCache::isActive);
					Greeting greeting = context.getBean(CacheEntityRepository.class).get(Greeting.class, "raw");
					String key = "Greeting.raw.text";
					for (int i = 0; i < 1000; i++) {
						raw.set(key, "v" + i);
						awaitRead(greeting, "v" + i, i, nearCache);
						long hits = nearCache.hits();
						while (nearCache.hits() == hits) {
							// the write's own notice may still have dropped the first
							// copy
							awaitRead(greeting, "v" + i, i, nearCache);
						}
						raw.set(key, "w" + i);
						awaitRead(greeting, "w" + i, i, nearCache);
					}
				});
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Read until the value is the one written: within the notice delay, never 2 s.
	 */
	private static void awaitRead(Greeting greeting, String expected, int write, NearCacheStatistics nearCache) {
		long written = System.nanoTime();
		while (!greeting.text().get().equals(expected)) {
			if (System.nanoTime() - written > TimeUnit.SECONDS.toNanos(2)) {
				throw new AssertionError(
						"write " + write + " (" + expected + ") not seen in 2 s; the near cache serves "
								+ greeting.text().get() + "; " + nearCache.details());
			}
			LockSupport.parkNanos(10_000);
		}
	}

}
