package io.cacheobj.metrics;

import java.util.Map;

import io.cacheobj.binding.NearCacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The meters of a near cache: {@value #GETS} tagged {@code backend} and {@code result}
 * ({@code hit} or {@code miss}), {@value #INVALIDATIONS} tagged {@code backend} and
 * {@code result} ({@code removed}, a copy; {@code none}, no copy to remove;
 * {@code flush}, everything), {@value #PUSHES} tagged {@code backend} and {@code mode}
 * (the tracking mode; only with a server that invalidates), with a server also
 * {@value #FLUSHES} tagged {@code cause}, {@value #BYPASSED} and {@value #PING_P99}, and
 * {@value #SIZE}. They read the near cache's own counters, so a local hit costs no meter
 * update.
 */
final class NearCacheMeters {

	static final String GETS = CacheObjMetrics.NEAR_CACHE_GETS;

	static final String INVALIDATIONS = CacheObjMetrics.NEAR_CACHE_INVALIDATIONS;

	static final String SIZE = CacheObjMetrics.NEAR_CACHE_SIZE;

	static final String PUSHES = CacheObjMetrics.NEAR_CACHE_PUSHES;

	static final String FLUSHES = CacheObjMetrics.NEAR_CACHE_FLUSHES;

	static final String BYPASSED = CacheObjMetrics.NEAR_CACHE_BYPASSED;

	static final String PING_P99 = CacheObjMetrics.NEAR_CACHE_PING_P99;

	private NearCacheMeters() {
	}

	/**
	 * Register a near cache's meters.
	 * @param nearCache a view of the near cache
	 * @param registry the registry
	 */
	static void bind(NearCacheStatistics nearCache, MeterRegistry registry) {
		String backend = nearCache.backend();
		FunctionCounter.builder(GETS, nearCache, NearCacheStatistics::hits)
			.description("Reads of the near cache")
			.tags("backend", backend, "result", "hit")
			.register(registry);
		FunctionCounter.builder(GETS, nearCache, NearCacheStatistics::misses)
			.description("Reads of the near cache")
			.tags("backend", backend, "result", "miss")
			.register(registry);
		FunctionCounter.builder(INVALIDATIONS, nearCache, NearCacheStatistics::invalidationsRemovingACopy)
			.description("Invalidations the server sent to the near cache")
			.tags("backend", backend, "result", "removed")
			.register(registry);
		FunctionCounter.builder(INVALIDATIONS, nearCache, NearCacheStatistics::invalidationsFindingNone)
			.description("Invalidations the server sent to the near cache")
			.tags("backend", backend, "result", "none")
			.register(registry);
		FunctionCounter
			.builder(INVALIDATIONS, nearCache,
					(statistics) -> statistics.invalidations() - statistics.invalidationsRemovingACopy()
							- statistics.invalidationsFindingNone())
			.description("Invalidations the server sent to the near cache")
			.tags("backend", backend, "result", "flush")
			.register(registry);
		Map<String, Object> details = nearCache.details();
		if (details.get("tracking") instanceof Map<?, ?> tracking && tracking.get("mode") instanceof String mode) {
			FunctionCounter.builder(PUSHES, nearCache, NearCacheMeters::pushes)
				.description("Invalidation messages the server pushed to the near cache")
				.tags("backend", backend, "mode", mode)
				.register(registry);
		}
		if (details.get("flushes") instanceof Map<?, ?> flushes) {
			for (Object cause : flushes.keySet()) {
				FunctionCounter
					.builder(FLUSHES, nearCache,
							(statistics) -> number(statistics.details().get("flushes"), (String) cause))
					.description("Times the near cache was emptied")
					.tags("backend", backend, "cause", (String) cause)
					.register(registry);
			}
			FunctionCounter
				.builder(BYPASSED, nearCache,
						(statistics) -> (statistics.details().get("bypassedSeconds") instanceof Number seconds)
								? seconds.doubleValue() : 0)
				.description("Time the near cache was bypassed because tracking was off")
				.baseUnit("seconds")
				.tags("backend", backend)
				.register(registry);
			Gauge
				.builder(PING_P99, nearCache,
						(statistics) -> number(statistics.details().get("tracking"), "pingRoundTripP99Millis") / 1000)
				.description("99th percentile of the round trips of the tracking connections' last rounds of pings")
				.baseUnit("seconds")
				.tags("backend", backend)
				.register(registry);
		}
		Gauge.builder(SIZE, nearCache, NearCacheStatistics::size)
			.description("Local copies the near cache holds")
			.tags("backend", backend)
			.register(registry);
	}

	private static double number(@Nullable Object map, String key) {
		return (map instanceof Map<?, ?> values && values.get(key) instanceof Number value) ? value.doubleValue() : 0;
	}

	private static double pushes(NearCacheStatistics nearCache) {
		if (nearCache.details().get("tracking") instanceof Map<?, ?> tracking
				&& tracking.get("pushes") instanceof Number pushes) {
			return pushes.doubleValue();
		}
		return 0;
	}

}
