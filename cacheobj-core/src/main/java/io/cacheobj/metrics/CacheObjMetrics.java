package io.cacheobj.metrics;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Micrometer metrics of cacheobj: the meter names, the decoration that times or observes
 * a backend's operations, and, as a {@link MeterBinder}, the meters of a binding's near
 * caches and decode errors.
 * <p>
 * A decorated backend records {@value #TIMER} tagged {@code backend}, {@code operation}
 * ({@code get}, {@code bulk-get}, {@code set}, {@code delete}, {@code increment}) and
 * {@code outcome} ({@code hit}, {@code miss}, {@code success}, {@code error}), and with a
 * {@link MeterRegistry} the distribution {@value #BULK_SIZE} of bulk operations. A
 * binding's meters are {@value #NEAR_CACHE_GETS} tagged {@code backend} and
 * {@code result} ({@code hit} or {@code miss}), {@value #NEAR_CACHE_INVALIDATIONS},
 * {@value #NEAR_CACHE_PUSHES} (with a server that invalidates) and
 * {@value #NEAR_CACHE_SIZE} per near cache, and {@value #DECODE_ERRORS} per backend; they
 * read the binding's own counters, so a local hit costs no meter update.
 *
 * @since 0.1.0
 */
public final class CacheObjMetrics implements MeterBinder {

	/** Name of the operations timer. */
	public static final String TIMER = "cacheobj.operations";

	/**
	 * Name of the observation of each operation: the timer's, since Micrometer names
	 * timers after observations.
	 */
	public static final String OBSERVATION = TIMER;

	/** Name of the bulk size distribution, and of the observations' bulk size key. */
	public static final String BULK_SIZE = "cacheobj.bulk.size";

	/** Reads of a near cache, by result. */
	public static final String NEAR_CACHE_GETS = "cacheobj.near-cache.gets";

	/**
	 * Invalidations the server sent to a near cache, tagged {@code result}:
	 * {@code removed} (a local copy), {@code none} (no copy to remove) or {@code flush}.
	 */
	public static final String NEAR_CACHE_INVALIDATIONS = "cacheobj.near-cache.invalidations";

	/**
	 * Invalidation messages the server pushed to a near cache's tracking connections,
	 * tagged {@code mode} ({@code broadcast} or {@code optin}); keys per push are
	 * {@value #NEAR_CACHE_INVALIDATIONS} over this.
	 */
	public static final String NEAR_CACHE_PUSHES = "cacheobj.near-cache.pushes";

	/**
	 * Times a near cache was emptied, tagged {@code cause}: {@code server} (a flush on
	 * the server, or more keys invalidated at once than it holds), {@code trackingLost},
	 * {@code leaseLapsed} or {@code nodeLost} (one cluster master's keys).
	 */
	public static final String NEAR_CACHE_FLUSHES = "cacheobj.near-cache.flushes";

	/** Seconds a near cache was bypassed because tracking was off, start-up included. */
	public static final String NEAR_CACHE_BYPASSED = "cacheobj.near-cache.bypassed";

	/**
	 * The 99th percentile of the round trips of a near cache's last 256 rounds of pings.
	 */
	public static final String NEAR_CACHE_PING_P99 = "cacheobj.near-cache.ping.p99";

	/** Local copies a near cache holds. */
	public static final String NEAR_CACHE_SIZE = "cacheobj.near-cache.size";

	/** Values read from a backend that did not decode as their property's type. */
	public static final String DECODE_ERRORS = "cacheobj.decode.errors";

	/**
	 * State of a backend's circuit breaker: 1 for the {@code state} tag it is in
	 * ({@code closed}, {@code open}, {@code half_open}), 0 for the others.
	 */
	public static final String CIRCUIT_BREAKER_STATE = "cacheobj.circuit-breaker.state";

	/**
	 * Changes of a backend's circuit breaker's state, tagged {@code from} and {@code to}.
	 */
	public static final String CIRCUIT_BREAKER_TRANSITIONS = "cacheobj.circuit-breaker.transitions";

	/** Calls a backend's open circuit breaker failed at once, without calling it. */
	public static final String CIRCUIT_BREAKER_REFUSED = "cacheobj.circuit-breaker.refused";

	/**
	 * Connections of a Redis or memcached backend that were lost and connected again,
	 * tagged {@code backend}: a counter that reads the backend's own count
	 * ({@code RedisCacheBackend.reconnects()},
	 * {@code MemcachedCacheBackend.reconnects()}).
	 */
	public static final String RECONNECTS = "cacheobj.backend.reconnects";

	private final CacheObjBinding binding;

	/**
	 * Create the meters of a binding.
	 * @param binding the binding whose near caches and decode errors are measured
	 */
	public CacheObjMetrics(CacheObjBinding binding) {
		Assert.notNull(binding, "'binding' must not be null");
		this.binding = binding;
	}

	/**
	 * Register the meters of every near cache and the decode error counter of every
	 * backend of the binding.
	 * @param registry the registry
	 */
	@Override
	public void bindTo(MeterRegistry registry) {
		this.binding.nearCacheStatistics().values().forEach((nearCache) -> NearCacheMeters.bind(nearCache, registry));
		DecodeErrorMeters.bind(this.binding, registry);
	}

	/**
	 * Time every operation of a backend in a meter registry, for applications without an
	 * observation registry: the same {@value #TIMER} timers as observations give,
	 * registered once and updated directly, so an operation costs two clock reads and one
	 * timer update; no spans.
	 * @param name the backend's name, the {@code backend} tag
	 * @param delegate the backend
	 * @param registry the registry of the meters
	 * @return the timed backend, which passes every failure of {@code delegate} on
	 * @throws IllegalArgumentException when the name is empty or an argument is
	 * {@code null}
	 */
	public static CacheBackend decorate(String name, CacheBackend delegate, MeterRegistry registry) {
		return MeteredCacheBackend.decorate(name, delegate, registry);
	}

	/**
	 * Observe every operation of a backend in an observation registry, such as Spring
	 * Boot's, whose handlers time (the {@value #TIMER} timer) and trace them: one
	 * observation {@value #OBSERVATION} per call, whose span, named
	 * {@code cacheobj <operation>}, is a child of the caller's, with the bulk size as the
	 * high-cardinality key {@value #BULK_SIZE}.
	 * @param name the backend's name, the {@code backend} key
	 * @param delegate the backend
	 * @param observations the observation registry
	 * @param meters the registry of the bulk size distribution, or {@code null} for none
	 * @return the observed backend, which passes every failure of {@code delegate} on
	 * @throws IllegalArgumentException when the name is empty or an argument is
	 * {@code null}
	 */
	public static CacheBackend decorate(String name, CacheBackend delegate, ObservationRegistry observations,
			@Nullable MeterRegistry meters) {
		return MeteredCacheBackend.decorate(name, delegate, observations, meters);
	}

}
