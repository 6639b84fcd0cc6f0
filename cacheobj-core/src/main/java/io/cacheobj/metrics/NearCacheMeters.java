package io.cacheobj.metrics;

import io.cacheobj.binding.NearCacheStatistics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The meters of a near cache: {@value #GETS} tagged {@code backend} and {@code result}
 * ({@code hit} or {@code miss}), {@value #INVALIDATIONS} and {@value #SIZE}. They read
 * the near cache's own counters, so a local hit costs no meter update.
 *
 * @since 0.1.0
 */
public final class NearCacheMeters {

	/** Reads of the near cache, by result. */
	public static final String GETS = "cacheobj.near-cache.gets";

	/** Invalidations the server sent. */
	public static final String INVALIDATIONS = "cacheobj.near-cache.invalidations";

	/** Local copies held. */
	public static final String SIZE = "cacheobj.near-cache.size";

	private NearCacheMeters() {
	}

	/**
	 * Register a near cache's meters.
	 * @param nearCache a view of the near cache
	 * @param registry the registry
	 */
	public static void bind(NearCacheStatistics nearCache, MeterRegistry registry) {
		String backend = nearCache.backend();
		FunctionCounter.builder(GETS, nearCache, NearCacheStatistics::hits)
			.description("Reads of the near cache")
			.tags("backend", backend, "result", "hit")
			.register(registry);
		FunctionCounter.builder(GETS, nearCache, NearCacheStatistics::misses)
			.description("Reads of the near cache")
			.tags("backend", backend, "result", "miss")
			.register(registry);
		FunctionCounter.builder(INVALIDATIONS, nearCache, NearCacheStatistics::invalidations)
			.description("Invalidations the server sent to the near cache")
			.tags("backend", backend)
			.register(registry);
		Gauge.builder(SIZE, nearCache, NearCacheStatistics::size)
			.description("Local copies the near cache holds")
			.tags("backend", backend)
			.register(registry);
	}

}
