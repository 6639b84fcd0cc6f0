package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.TcpProxy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The near cache's lease against a real server behind a proxy that goes silent without
 * closing anything: while no ping is answered no notice can arrive either, so hits stop
 * within the lease, reads go to the server (and fail there), and once the network heals
 * the change made meanwhile is read, never the old copy.
 */
class NearCacheLeaseIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class);

	@Test
	void atTheDefaultsASilentPartitionServesTheOldValueAtMostOneSecond(@RealServer(Kind.REDIS) ManagedServer server) {
		Duration served = partition(server, Duration.ofSeconds(1));
		System.out.println("near cache lease: old value served for " + served.toMillis()
				+ " ms after a silent cut (default lease 1s)");
	}

	@Test
	void aShorterLeaseStopsTheHitsSooner(@RealServer(Kind.REDIS) ManagedServer server) {
		Duration served = partition(server, Duration.ofMillis(300), "cacheobj.backends.redis.near-cache.lease=300ms");
		System.out.println(
				"near cache lease: old value served for " + served.toMillis() + " ms after a silent cut (lease 300ms)");
	}

	/**
	 * Cut the network silently after the near cache holds a value, change the value
	 * behind the cut, and read until the old value is no longer served; then heal and
	 * read the new value.
	 * @return how long after the cut the old value was last served
	 */
	private Duration partition(ManagedServer server, Duration lease, String... properties) {
		Duration[] served = new Duration[1];
		try (TcpProxy proxy = TcpProxy.to(server.port())) {
			this.contextRunner
				.withPropertyValues("cacheobj.backends.redis.type=redis",
						"cacheobj.backends.redis.url=redis://127.0.0.1:" + proxy.port(),
						"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis")
				.withPropertyValues(properties)
				.run((context) -> {
					CacheEntityRepository repository = awaitTracking(context);
					Greeting held = repository.get(Greeting.class, "p");
					NearCacheStatistics nearCache = nearCache(context);
					// Read first, so that the server tracks the key whatever the mode.
					held.text().get();
					long invalidations = nearCache.invalidations();
					held.text().set("old");
					// The server's notice of this write would drop a copy read before it.
					await().atMost(Duration.ofSeconds(5)).until(() -> nearCache.invalidations() > invalidations);
					assertThat(held.text().get()).isEqualTo("old");
					assertThat(repository.get(Greeting.class, "p").text().get()).isEqualTo("old");
					long hits = nearCache.hits();
					long cut = System.nanoTime();
					proxy.freeze();
					server.send("SET Greeting.p.text new");
					long lastOld = cut;
					boolean failed = false;
					for (int i = 0; !failed && System.nanoTime() - cut < Duration.ofSeconds(10).toNanos(); i++) {
						try {
							String read = ((i % 2 == 0) ? held : repository.get(Greeting.class, "p")).text().get();
							if (!"old".equals(read)) {
								break;
							}
							lastOld = System.nanoTime();
						}
						catch (CacheBackendException ex) {
							failed = true;
						}
					}
					served[0] = Duration.ofNanos(lastOld - cut);
					assertThat(nearCache.hits()).as("hits served after the cut").isGreaterThan(hits);
					assertThat(served[0]).as("the old value served after the cut").isLessThan(lease);
					assertThat(failed).as("reads went to the unreachable server and failed there").isTrue();
					proxy.heal();
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(20))
						.ignoreException(CacheBackendException.class)
						.until(() -> Objects.equals(repository.get(Greeting.class, "p").text().get(), "new"));
					// The breaker may still be closing after the heal: a read it refuses
					// is
					// retried, as the one above.
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(20))
						.ignoreException(CacheBackendException.class)
						.until(() -> Objects.equals(held.text().get(), "new"));
					await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
					for (int i = 0; i < 100; i++) {
						assertThat(held.text().get()).isEqualTo("new");
					}
				});
		}
		return served[0];
	}

	private static CacheEntityRepository awaitTracking(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		await().atMost(Duration.ofSeconds(10)).until(nearCache(context)::isActive);
		return context.getBean(CacheEntityRepository.class);
	}

	private static NearCacheStatistics nearCache(AssertableApplicationContext context) {
		return context.getBean(CacheObjBinding.class).nearCacheStatistics().get("redis");
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
