package io.cacheobj.backend.near;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A bounded local copy of one backend's values, shared by every object and thread that
 * reads the backend, and kept coherent by the server's invalidations when it has an
 * {@link InvalidationSource}; without one, a copy is at most {@code ttl} stale.
 * <p>
 * A read that misses {@linkplain #reserve reserves} the key with a marker before it asks
 * the backend, and {@linkplain #complete completes} it with what the backend answered
 * only if the marker is still there: an invalidation that arrives meanwhile removes the
 * marker, so a fetch that raced with a change never stores its possibly old answer.
 * Losing the invalidation channel (or a flush) clears everything and starts a new epoch,
 * and while the channel is down the near cache is bypassed. Absent keys are remembered
 * too, so that a property never set costs no round trip either.
 *
 * @since 0.2.0
 */
public final class NearCache implements InvalidationListener, AutoCloseable {

	/** What the near cache holds for a key the backend does not have. */
	private static final Object ABSENT = new Object();

	private final String name;

	private final Cache<String, Object> cache;

	private final @Nullable InvalidationSource source;

	private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder invalidations = new LongAdder();

	private final Duration ttl;

	private final long maximumSize;

	private volatile boolean active;

	private final AtomicLong epoch = new AtomicLong();

	private volatile boolean started;

	private NearCache(String name, long maximumSize, Duration ttl, @Nullable InvalidationSource source, Ticker ticker) {
		this.name = name;
		this.maximumSize = maximumSize;
		this.ttl = ttl;
		this.source = source;
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.expireAfterWrite(ttl)
			.ticker(ticker)
			.executor(Runnable::run)
			.build();
		this.active = (source == null);
	}

	/**
	 * Create a near cache.
	 * @param name the backend's name
	 * @param maximumSize the most entries it keeps
	 * @param ttl the longest a local copy lives
	 * @param source what tells it of changes, or {@code null} when only {@code ttl}
	 * bounds staleness
	 * @param ticker the clock of expiry
	 * @return the near cache, which serves nothing with a source until {@link #track}
	 * established tracking
	 */
	public static NearCache create(String name, long maximumSize, Duration ttl, @Nullable InvalidationSource source,
			Ticker ticker) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(maximumSize > 0, () -> "'maximumSize' must be positive, was " + maximumSize);
		BackendFailures.requirePositive("'ttl'", ttl);
		Assert.notNull(ticker, "'ticker' must not be null");
		return new NearCache(name, maximumSize, ttl, source, ticker);
	}

	/**
	 * Create a near cache on the system clock.
	 * @param name the backend's name
	 * @param maximumSize the most entries it keeps
	 * @param ttl the longest a local copy lives
	 * @param source what tells it of changes, or {@code null} when only {@code ttl}
	 * bounds staleness
	 * @return the near cache
	 */
	public static NearCache create(String name, long maximumSize, Duration ttl, @Nullable InvalidationSource source) {
		return create(name, maximumSize, ttl, source, Ticker.systemTicker());
	}

	/**
	 * Have the server report changes of keys under these prefixes; the first call starts
	 * the invalidation source.
	 * @param keyPrefixes key prefixes, such as {@code UserCache.}
	 */
	public void track(Collection<String> keyPrefixes) {
		InvalidationSource source = this.source;
		if (source == null) {
			return;
		}
		synchronized (this.prefixes) {
			Set<String> added = new LinkedHashSet<>();
			for (String prefix : keyPrefixes) {
				if (this.prefixes.add(prefix)) {
					added.add(prefix);
				}
			}
			if (!this.started) {
				this.started = true;
				source.start(Set.copyOf(this.prefixes), this);
			}
			else if (!added.isEmpty()) {
				source.addPrefixes(added);
			}
		}
	}

	/**
	 * Return the local copy of a key.
	 * @param key the key
	 * @return a {@link StoredValue}, {@link #isAbsent ABSENT} when the backend has no
	 * such key, or {@code null} on a miss
	 */
	public @Nullable Object lookup(String key) {
		if (this.active) {
			Object local = this.cache.getIfPresent(key);
			if (local instanceof StoredValue || local == ABSENT) {
				this.hits.increment();
				return local;
			}
		}
		this.misses.increment();
		return null;
	}

	/**
	 * Return whether what {@link #lookup} returned stands for a key the backend does not
	 * have.
	 * @param local what {@link #lookup} returned
	 * @return whether it is the absent marker
	 */
	public static boolean isAbsent(@Nullable Object local) {
		return local == ABSENT;
	}

	/**
	 * Reserve a key before asking the backend for it.
	 * @param key the key
	 * @return the reservation to {@link #complete}, or {@code null} when the answer must
	 * not be kept (the near cache is bypassed, or another read of the key is under way)
	 */
	public @Nullable Object reserve(String key) {
		if (!this.active) {
			return null;
		}
		long epoch = this.epoch.get();
		Reservation reservation = new Reservation(epoch);
		if (this.cache.asMap().putIfAbsent(key, reservation) != null) {
			return null;
		}
		if (epoch != this.epoch.get() || !this.active) {
			this.cache.asMap().remove(key, reservation);
			return null;
		}
		return reservation;
	}

	/**
	 * Keep what the backend answered for a reserved key, unless the key was invalidated
	 * since it was reserved.
	 * @param key the key
	 * @param reservation what {@link #reserve} returned
	 * @param value what the backend answered, {@code null} when it has no such key
	 */
	public void complete(String key, Object reservation, @Nullable StoredValue value) {
		Reservation reserved = (Reservation) reservation;
		Object local = (value != null) ? value : ABSENT;
		if (reserved.epoch != this.epoch.get() || !this.cache.asMap().replace(key, reserved, local)) {
			this.cache.asMap().remove(key, reserved);
			return;
		}
		if (reserved.epoch != this.epoch.get() || !this.active) {
			this.cache.asMap().remove(key, local);
		}
	}

	/**
	 * Give up a reservation, such as when the backend failed.
	 * @param key the key
	 * @param reservation what {@link #reserve} returned
	 */
	public void release(String key, Object reservation) {
		this.cache.asMap().remove(key, reservation);
	}

	/**
	 * Drop the local copy of a key, such as after this JVM wrote it.
	 * @param key the key
	 */
	public void evict(String key) {
		this.cache.invalidate(key);
	}

	@Override
	public void invalidate(String key) {
		this.invalidations.increment();
		this.cache.invalidate(key);
	}

	@Override
	public void invalidateAll() {
		this.invalidations.increment();
		this.epoch.incrementAndGet();
		this.cache.invalidateAll();
	}

	@Override
	public void trackingChanged(boolean tracking) {
		if (!tracking) {
			this.active = false;
		}
		this.epoch.incrementAndGet();
		this.cache.invalidateAll();
		if (tracking) {
			this.active = true;
		}
	}

	/**
	 * Return the backend's name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return how many reads the near cache served.
	 * @return the count of hits
	 */
	public long hits() {
		return this.hits.sum();
	}

	/**
	 * Return how many reads went to the backend, bypassed or not found locally.
	 * @return the count of misses
	 */
	public long misses() {
		return this.misses.sum();
	}

	/**
	 * Return how many invalidations the server sent.
	 * @return the count of invalidations
	 */
	public long invalidations() {
		return this.invalidations.sum();
	}

	/**
	 * Return how many local copies the near cache holds.
	 * @return the approximate number of entries
	 */
	public long size() {
		return this.cache.estimatedSize();
	}

	/**
	 * Return whether the near cache serves reads now: always without an invalidation
	 * source, else while tracking is established.
	 * @return whether it is active
	 */
	public boolean isActive() {
		return this.active;
	}

	/**
	 * Describe the near cache for health and the endpoint.
	 * @return its settings, state and counts
	 */
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("maximumSize", this.maximumSize);
		details.put("ttl", this.ttl.toString());
		details.put("invalidation", (this.source != null) ? "server" : "ttl only");
		details.put("active", this.active);
		details.put("size", size());
		details.put("hits", hits());
		details.put("misses", misses());
		details.put("invalidations", invalidations());
		if (this.source != null) {
			details.put("tracking", this.source.details());
		}
		return details;
	}

	@Override
	public void close() {
		if (this.source != null) {
			this.active = false;
			this.source.close();
		}
		this.cache.invalidateAll();
	}

	@Override
	public String toString() {
		return "NearCache[" + this.name + "]";
	}

	/**
	 * Marks a key whose value is being read from the backend, in one epoch.
	 */
	private static final class Reservation {

		private final long epoch;

		Reservation(long epoch) {
			this.epoch = epoch;
		}

	}

}
