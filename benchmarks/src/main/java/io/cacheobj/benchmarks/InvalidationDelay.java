package io.cacheobj.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Measures how long a near cache keeps a copy after another client changed the value:
 * from a raw Lettuce {@code SET}'s reply to the near cache dropping the key. Not a JMH
 * benchmark, since what it measures is a delay between two clients, not an operation.
 */
final class InvalidationDelay {

	private InvalidationDelay() {
	}

	static String measure(int writes) {
		int port = BenchData.port("redis.port");
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect();
				ConfigurableApplicationContext context = StarterContext.start()) {
			RedisCommands<String, String> raw = connection.sync();
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("near");
			await(nearCache);
			BenchUser user = repository.get(BenchUser.class, "delay");
			String key = user.p1.key();
			long[] delays = new long[writes];
			int unnoticed = 0;
			for (int i = 0; i < writes; i++) {
				raw.set(key, "v" + i);
				// The SET's own invalidation may still be on its way and cancel the first
				// read's copy: read until the near cache serves one.
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				long hits;
				do {
					hits = nearCache.hits();
					user.p1.get();
					if (System.nanoTime() > deadline) {
						throw new IllegalStateException("The near cache kept no copy of " + key);
					}
				}
				while (nearCache.hits() == hits);
				long invalidations = nearCache.invalidations();
				raw.set(key, "w" + i);
				long written = System.nanoTime();
				while (nearCache.invalidations() == invalidations) {
					if (System.nanoTime() - written > TimeUnit.SECONDS.toNanos(5)) {
						// Seen in optin mode on 2026-12-07 (writes 44 and 85 of one run),
						// not in a test of the same sequence: counted, not waited for.
						unnoticed++;
						break;
					}
					// Sleep between looks, neither spin nor yield: the JVM has one
					// core, and a thread that stays runnable can keep Lettuce's I/O
					// thread, which delivers the invalidation, waiting for the scheduler
					// for milliseconds. A look every 10 us (more with the kernel's timer
					// slack) is precise enough against a goal of 5 ms.
					LockSupport.parkNanos(10_000);
				}
				delays[i] = System.nanoTime() - written;
			}
			Arrays.sort(delays);
			return String.format(Locale.ROOT,
					"%nInvalidation delay over %d writes by a raw client (SET reply to the near cache dropping the key):"
							+ " p50 %.1f µs, p99 %.1f µs, max %.1f µs (goal: p99 ≤ 5 ms); %d not counted within 5 s%n",
					writes, micros(delays[writes / 2]), micros(delays[writes * 99 / 100]), micros(delays[writes - 1]),
					unnoticed);
		}
		finally {
			client.shutdown();
		}
	}

	private static void await(NearCacheStatistics nearCache) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!nearCache.isActive()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Tracking was not established");
			}
			Thread.onSpinWait();
		}
	}

	private static double micros(long nanos) {
		return nanos / 1000.0;
	}

}
