package io.cacheobj.autoconfigure.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.ServerStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The round trips of the Spring cache through the auto-configured starter on a real Redis
 * server, counted by its {@code INFO commandstats} and compared with a table: a
 * {@code @Cacheable} hit is one {@code GET}, none with a near cache; a miss a {@code GET}
 * and a {@code SET}; {@code clear()} {@code SCAN}s in batches, never {@code KEYS}. The
 * near cache's own {@code PING}s, which keep its lease, are not counted.
 */
class CacheableRoundTripIntegrationTests {

	private static final int CLEARED_ENTRIES = 2500;

	private static ManagedServer server;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class))
		.withUserConfiguration(LookupsConfiguration.class);

	@BeforeAll
	static void start(@RealServer(Kind.REDIS) ManagedServer started) {
		server = started;
	}

	@AfterAll
	static void stop() {
		server = null;
	}

	/**
	 * The paths, each with its table row.
	 */
	enum Path {

		HIT("@Cacheable hit", false, Map.of("get", 1L)),

		MISS("@Cacheable miss", false, Map.of("get", 1L, "set", 1L)),

		NEAR_CACHE_HIT("@Cacheable hit in the near cache", true, Map.of()),

		NEAR_CACHE_MISS("@Cacheable miss with a near cache", true, Map.of("get", 1L, "set", 1L)),

		// SCAN ... COUNT 1000 over 2,500 keys, each batch unlinked at once: three or four
		// of each, by how the server's table falls.
		CLEAR("clear() of " + CLEARED_ENTRIES + " entries", false, Map.of("scan", 3L, "unlink", 3L));

		private final String description;

		private final boolean nearCache;

		private final Map<String, Long> expected;

		Path(String description, boolean nearCache, Map<String, Long> expected) {
			this.description = description;
			this.nearCache = nearCache;
			this.expected = expected;
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Path.class)
	void everyPathTakesTheRoundTripsOfItsTable(Path path) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(),
					"cacheobj.backends.redis.near-cache.enabled=" + path.nearCache, "cacheobj.default-backend=redis",
					"cacheobj.spring-cache.caches.lookups.ttl=10m")
			.run((context) -> {
				Runnable action = prepare(context, path);
				Map<String, Long> before = commands(path);
				action.run();
				Map<String, Long> after = commands(path);
				List<String> wrong = new ArrayList<>();
				Map<String, Long> seen = new TreeMap<>();
				TreeSet<String> names = new TreeSet<>(after.keySet());
				names.addAll(path.expected.keySet());
				for (String command : names) {
					long delta = after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
					if (delta != 0) {
						seen.put(command, delta);
					}
					long expected = path.expected.getOrDefault(command, 0L);
					boolean scanned = path == Path.CLEAR && expected > 0;
					if (delta < expected || delta > (scanned ? expected + 1 : expected)) {
						wrong.add("expected " + (scanned ? expected + " to " + (expected + 1) : expected) + " "
								+ command + ", saw " + delta);
					}
				}
				assertThat(wrong).as("%s on Redis through the starter (all commands seen: %s)", path, seen).isEmpty();
			});
	}

	private static Map<String, Long> commands(Path path) {
		Map<String, Long> commands = ServerStats.redis(List.of(server));
		if (path.nearCache) {
			commands.remove("ping");
		}
		return commands;
	}

	/**
	 * Warm the connections, write what the path needs on fresh keys, and return the path.
	 */
	private static Runnable prepare(AssertableApplicationContext context, Path path) {
		Lookups lookups = context.getBean(Lookups.class);
		String id = UUID.randomUUID().toString();
		String warm = "warm-" + id;
		lookups.lookup(warm);
		lookups.lookup(warm);
		if (path.nearCache) {
			// The near cache serves once its tracking connection is up and armed; the
			// commands that arm it (CLIENT TRACKING, SUBSCRIBE, CONFIG GET) are start-up,
			// not the path's.
			awaitNearCacheHit(context, lookups, warm);
		}
		return switch (path) {
			case HIT, NEAR_CACHE_HIT -> {
				lookups.lookup(id);
				lookups.lookup(id);
				if (path.nearCache) {
					awaitNearCacheHit(context, lookups, id);
				}
				int calls = lookups.calls();
				yield () -> {
					assertThat(lookups.lookup(id)).isEqualTo("value of " + id);
					assertThat(lookups.calls()).isEqualTo(calls);
				};
			}
			case MISS, NEAR_CACHE_MISS -> {
				int calls = lookups.calls();
				yield () -> {
					assertThat(lookups.lookup(id)).isEqualTo("value of " + id);
					assertThat(lookups.calls()).isEqualTo(calls + 1);
				};
			}
			case CLEAR -> {
				server.send("FLUSHALL");
				Cache cache = context.getBean(CacheManager.class).getCache("cleared-" + id);
				for (int i = 0; i < CLEARED_ENTRIES; i++) {
					cache.put(i, "v" + i);
				}
				yield cache::clear;
			}
		};
	}

	private static void awaitNearCacheHit(AssertableApplicationContext context, Lookups lookups, String id) {
		NearCacheStatistics nearCache = ((CacheObjCache) context.getBean(CacheManager.class).getCache("lookups"))
			.getNearCache();
		long hits = nearCache.hits();
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			lookups.lookup(id);
			return nearCache.hits() > hits;
		});
	}

	static class Lookups {

		private final AtomicInteger calls = new AtomicInteger();

		int calls() {
			return this.calls.get();
		}

		@Cacheable("lookups")
		public String lookup(String id) {
			this.calls.incrementAndGet();
			return "value of " + id;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class LookupsConfiguration {

		@Bean
		Lookups lookups() {
			return new Lookups();
		}

	}

}
