package io.cacheobj.binding;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
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
 * Losing the invalidation channel (or a flush) clears everything and starts a new
 * generation of copies, and while the channel is down the near cache is bypassed. Absent
 * keys are remembered too, so that a property never set costs no round trip either.
 * <p>
 * With an invalidation source, copies are served only under a <em>lease</em>: the source
 * {@linkplain #confirmed confirms} every few moments that every tracking connection
 * answered, and a hit is served only within {@code lease} of the last confirmed request.
 * A connection that goes silent without closing (a partition, a frozen server) thus stops
 * the hits within {@code lease}, though no notice can arrive; after a lapse, the next
 * confirmation starts a new generation, so no copy from before the silence is served
 * again.
 * <p>
 * A copy is retired in the same atomic step that takes it out of the cache, however it
 * leaves (a notice, a local write, eviction, a flush or a lost channel, which take every
 * copy out), so a property object that kept it never reads it again once the call that
 * removed it has returned.
 */
final class NearCache implements InvalidationListener, AutoCloseable {

	/** What the near cache holds for a key the backend does not have. */
	static final Object ABSENT = new Object();

	/** The lease of near caches whose settings give none. */
	static final Duration DEFAULT_LEASE = Duration.ofSeconds(1);

	/** The lease of a near cache without an invalidation source: it never lapses. */
	private static final long UNLEASED = Duration.ofDays(365 * 100).toNanos();

	private final String name;

	private final Cache<String, Object> cache;

	private final @Nullable InvalidationSource source;

	private final @Nullable InvalidationSource readsThrough;

	private final @Nullable InvalidationTracker tracker;

	private final NearCacheCounts counts = new NearCacheCounts();

	/**
	 * Nanoseconds bypassed before the current bypass, if any; under the transitions lock.
	 */
	private long bypassedNanos;

	/** When the current bypass began ({@link System#nanoTime()}), or 0 while serving. */
	private long bypassedSince;

	private final Duration ttl;

	private final long ttlNanos;

	private final long maximumSize;

	private final Duration lease;

	private final long leaseNanos;

	private final Ticker ticker;

	/** Whether expiry is checked against the {@link CoarseClock}, not the ticker. */
	private final boolean coarse;

	/**
	 * The generation that reads may store their answers in, or {@code null} while the
	 * near cache is bypassed: a read reserved in a generation that has ended keeps
	 * nothing.
	 */
	private volatile @Nullable Generation generation;

	/**
	 * When the lease ends, on the scale of {@link #now()}: no copy is served after it. It
	 * lies in the past while the near cache is bypassed.
	 */
	volatile long leaseEnd;

	private final Object transitions = new Object();

	private final AtomicBoolean closed = new AtomicBoolean();

	private NearCache(String name, long maximumSize, Duration ttl, Duration lease, @Nullable InvalidationSource source,
			Ticker ticker) {
		this.name = name;
		this.maximumSize = maximumSize;
		this.ttl = ttl;
		this.lease = lease;
		this.source = source;
		this.readsThrough = (source != null && source.readsToKeep()) ? source : null;
		this.tracker = (source != null) ? new InvalidationTracker(source, this) : null;
		this.ticker = ticker;
		this.coarse = (ticker == Ticker.systemTicker()) && ttl.toNanos() > 10 * CoarseClock.LAG
				&& lease.toNanos() > 10 * CoarseClock.LAG;
		this.ttlNanos = ttl.toNanos() - (this.coarse ? CoarseClock.LAG : 0);
		this.leaseNanos = lease.toNanos() - (this.coarse ? CoarseClock.LAG : 0);
		this.cache = Caffeine.newBuilder()
			.maximumSize(maximumSize)
			.executor(Runnable::run)
			.evictionListener(NearCache::evicted)
			.build();
		if (this.coarse) {
			CoarseClock.acquire();
		}
		this.leaseEnd = now() + ((source != null) ? 0 : UNLEASED);
		if (source == null) {
			this.generation = new Generation();
		}
		else {
			this.bypassedSince = System.nanoTime();
		}
	}

	/**
	 * Create a near cache.
	 * @param name the backend's name
	 * @param maximumSize the most entries it keeps
	 * @param ttl the longest a local copy lives
	 * @param lease how long after the source's last confirmation hits are served; unused
	 * without a source
	 * @param source what tells it of changes, or {@code null} when only {@code ttl}
	 * bounds staleness
	 * @param ticker the clock of expiry and of the lease
	 * @return the near cache, which serves nothing with a source until {@link #track}
	 * established tracking
	 */
	static NearCache create(String name, long maximumSize, Duration ttl, Duration lease,
			@Nullable InvalidationSource source, Ticker ticker) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.isTrue(maximumSize > 0, () -> "'maximumSize' must be positive, was " + maximumSize);
		BackendFailures.requirePositive("'ttl'", ttl);
		BackendFailures.requirePositive("'lease'", lease);
		Assert.notNull(ticker, "'ticker' must not be null");
		return new NearCache(name, maximumSize, ttl, lease, source, ticker);
	}

	/**
	 * Return the source to read a reserved key through, when the server reports only the
	 * keys read through it ({@link InvalidationSource#readsToKeep()}).
	 * @return the source, or {@code null} when the backend's own reads may be kept
	 */
	@Nullable InvalidationSource readsThrough() {
		return this.readsThrough;
	}

	/**
	 * Have the server report changes of keys under these prefixes; the first call starts
	 * the invalidation source. Without a source, nothing happens.
	 * @param keyPrefixes key prefixes, such as {@code UserCache.}
	 */
	void track(Collection<String> keyPrefixes) {
		if (this.tracker != null) {
			this.tracker.track(keyPrefixes);
		}
	}

	/**
	 * Return the local copy of a key, which its reader may keep and
	 * {@linkplain Copy#reread read again} without looking the key up, for as long as it
	 * stays valid.
	 * @param key the key
	 * @return the copy, or {@code null} on a miss
	 */
	@Nullable NearCacheCopy find(String key) {
		NearCacheCopy copy = current(key);
		if (copy != null) {
			this.counts.hits.increment();
			return copy;
		}
		this.counts.misses.increment();
		return null;
	}

	/**
	 * Return the local copy of a key without counting the read, for a caller that reads
	 * many keys and {@linkplain #recordReads counts} them once.
	 * @param key the key
	 * @return the copy, or {@code null} on a miss
	 */
	@Nullable NearCacheCopy current(String key) {
		Object local = this.cache.getIfPresent(key);
		if (local instanceof NearCacheCopy copy && copy.servable()) {
			return copy;
		}
		if (local instanceof NearCacheCopy copy) {
			dropExpired(key, copy);
		}
		return null;
	}

	/**
	 * Count reads that {@link #current} served or missed.
	 * @param hits how many it served
	 * @param misses how many it missed
	 */
	void recordReads(int hits, int misses) {
		if (hits > 0) {
			this.counts.hits.add(hits);
		}
		if (misses > 0) {
			this.counts.misses.add(misses);
		}
	}

	/**
	 * Drop a copy that expired; apart from {@link #current} to keep the hit path small
	 * enough to inline. A copy that is merely outside the lease stays: renewing a lapsed
	 * lease drops every copy anyway.
	 */
	private void dropExpired(String key, NearCacheCopy copy) {
		if (now() - copy.expiresAt >= 0) {
			retire(key, copy);
		}
	}

	/**
	 * Retire a copy that the cache evicts for its size, within the atomic step that
	 * evicts it (Caffeine calls an eviction listener there, a removal listener only
	 * afterwards), so that no reader keeping it reads it once it is gone.
	 */
	private static void evicted(@Nullable String key, @Nullable Object value, RemovalCause cause) {
		if (value instanceof NearCacheCopy copy) {
			copy.live = false;
		}
	}

	/**
	 * Take a key out of the cache and retire its copy in one atomic step. A removal
	 * listener would run only after the entry left the map: a second remover of the same
	 * key, finding it gone, could then return while a reader keeping the copy still read
	 * it.
	 */
	/**
	 * Take a key's entry out of the cache: a copy, retired, or a read's reservation.
	 * @return whether it held a copy
	 */
	private boolean remove(String key) {
		boolean[] removedCopy = new boolean[1];
		this.cache.asMap().computeIfPresent(key, (k, value) -> {
			if (value instanceof NearCacheCopy copy) {
				copy.live = false;
				removedCopy[0] = true;
			}
			return null;
		});
		return removedCopy[0];
	}

	/**
	 * Take one copy out of the cache and retire it in one atomic step, unless the key
	 * holds something else by now.
	 */
	private void retire(String key, NearCacheCopy copy) {
		this.cache.asMap().computeIfPresent(key, (k, value) -> {
			if (value != copy) {
				return value;
			}
			copy.live = false;
			return null;
		});
	}

	/**
	 * Take every entry out, retiring each copy as it goes; an entry stored meanwhile by a
	 * read of an ended generation is retired by that read itself.
	 */
	private void removeAll() {
		this.cache.asMap().keySet().forEach(this::remove);
	}

	long now() {
		return this.coarse ? CoarseClock.now() : this.ticker.read();
	}

	/**
	 * Reserve a key before asking the backend for it.
	 * @param key the key
	 * @return the reservation to {@link #complete}, or {@code null} when the answer must
	 * not be kept (the near cache is bypassed, or another read of the key is under way)
	 */
	@Nullable Object reserve(String key) {
		Generation generation = this.generation;
		if (generation == null) {
			return null;
		}
		Reservation reservation = new Reservation(generation);
		if (this.cache.asMap().putIfAbsent(key, reservation) != null) {
			return null;
		}
		if (generation != this.generation) {
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
	 * @return the copy kept, or {@code null} when none was
	 */
	@Nullable NearCacheCopy complete(String key, Object reservation, @Nullable StoredValue value) {
		Reservation reserved = (Reservation) reservation;
		Generation generation = reserved.generation;
		NearCacheCopy local = new NearCacheCopy(this, (value != null) ? value : ABSENT,
				this.ticker.read() + this.ttlNanos);
		if (generation != this.generation || !this.cache.asMap().replace(key, reserved, local)) {
			this.cache.asMap().remove(key, reserved);
			return null;
		}
		if (generation != this.generation) {
			local.live = false;
			retire(key, local);
			return null;
		}
		return local;
	}

	/**
	 * Give up a reservation, such as when the backend failed.
	 * @param key the key
	 * @param reservation what {@link #reserve} returned
	 */
	void release(String key, Object reservation) {
		this.cache.asMap().remove(key, reservation);
	}

	/**
	 * Drop the local copy of a key, such as after this JVM wrote it.
	 * @param key the key
	 */
	void evict(String key) {
		remove(key);
	}

	/**
	 * Drop the local copies of every key under a prefix, and any read of such a key under
	 * way, such as after this JVM cleared a Spring cache.
	 * @param prefix the key prefix
	 */
	void evictByPrefix(String prefix) {
		for (String key : this.cache.asMap().keySet()) {
			if (key.startsWith(prefix)) {
				remove(key);
			}
		}
	}

	@Override
	public void invalidate(String key) {
		this.counts.invalidations.increment();
		if (remove(key)) {
			this.counts.invalidationsRemovingACopy.increment();
		}
		else {
			this.counts.invalidationsFindingNone.increment();
		}
	}

	@Override
	public void invalidateAll() {
		this.counts.invalidations.increment();
		this.counts.flushedByServer.increment();
		synchronized (this.transitions) {
			if (this.generation != null) {
				this.generation = new Generation();
			}
			removeAll();
		}
	}

	@Override
	public long capacity() {
		return this.maximumSize;
	}

	@Override
	public void invalidateAll(Predicate<String> keys) {
		this.counts.invalidations.increment();
		this.counts.flushedNodeLost.increment();
		for (String key : this.cache.asMap().keySet()) {
			if (keys.test(key)) {
				remove(key);
			}
		}
	}

	@Override
	public void trackingChanged(boolean tracking) {
		synchronized (this.transitions) {
			if (!tracking && this.generation != null) {
				this.counts.flushedTrackingLost.increment();
			}
			this.generation = null;
			this.leaseEnd = now();
			removeAll();
			long now = System.nanoTime();
			if (tracking) {
				this.leaseEnd = now() + this.leaseNanos;
				this.generation = new Generation();
				if (this.bypassedSince != 0) {
					this.bypassedNanos += now - this.bypassedSince;
					this.bypassedSince = 0;
				}
			}
			else if (this.bypassedSince == 0) {
				this.bypassedSince = now;
			}
		}
	}

	/**
	 * Renew the lease from the time the request was sent that every tracking connection
	 * has now answered: each connection delivers the server's notices in order with its
	 * answers, so every change made before the server read that request has been
	 * invalidated here. After a lapse the copies kept meanwhile are dropped first, since
	 * they were not served under a lease.
	 * @param sentNanosAgo how long ago the answered request was sent
	 */
	@Override
	public void confirmed(long sentNanosAgo) {
		synchronized (this.transitions) {
			if (this.generation == null) {
				return;
			}
			long now = now();
			if (now - this.leaseEnd >= 0) {
				this.generation = new Generation();
				this.counts.flushedLeaseLapsed.increment();
				removeAll();
			}
			long end = now - sentNanosAgo + this.leaseNanos;
			if (end - this.leaseEnd > 0) {
				this.leaseEnd = end;
			}
		}
	}

	/**
	 * Return the backend's name.
	 * @return the name
	 */
	String name() {
		return this.name;
	}

	/**
	 * Return the near cache's counts of reads, invalidations and flushes.
	 * @return the counts
	 */
	NearCacheCounts counts() {
		return this.counts;
	}

	/**
	 * Return how long the near cache was bypassed, tracking off, since it was created
	 * (the start included, until tracking was first established).
	 * @return the time bypassed
	 */
	Duration bypassed() {
		synchronized (this.transitions) {
			long since = this.bypassedSince;
			return Duration.ofNanos(this.bypassedNanos + ((since != 0) ? System.nanoTime() - since : 0));
		}
	}

	/**
	 * Return the most entries the near cache keeps.
	 * @return the maximum size
	 */
	long maximumSize() {
		return this.maximumSize;
	}

	/**
	 * Return how many local copies the near cache holds.
	 * @return the approximate number of entries
	 */
	long size() {
		return this.cache.estimatedSize();
	}

	/**
	 * Return whether the near cache serves reads now: always without an invalidation
	 * source, else while tracking is established and its lease holds.
	 * @return whether it is active
	 */
	boolean isActive() {
		return this.generation != null && now() - this.leaseEnd < 0;
	}

	/**
	 * Return the longest time after the source's last confirmation that hits are served.
	 * @return the lease
	 */
	Duration lease() {
		return this.lease;
	}

	/**
	 * Describe the near cache for health and the endpoint.
	 * @return its settings, state and counts
	 */
	Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("maximumSize", this.maximumSize);
		details.put("ttl", this.ttl.toString());
		details.put("invalidation", (this.source != null) ? "server" : "ttl only");
		details.put("active", isActive());
		if (this.source != null) {
			details.put("lease", this.lease.toString());
		}
		details.put("size", size());
		this.counts.describe(details);
		if (this.source != null) {
			details.put("flushes", this.counts.flushes());
			details.put("bypassedSeconds", bypassed().toNanos() / 1e9);
			details.put("tracking", this.source.details());
		}
		return details;
	}

	@Override
	public void close() {
		if (this.source != null) {
			synchronized (this.transitions) {
				this.generation = null;
				this.leaseEnd = now();
			}
			this.source.close();
		}
		removeAll();
		if (this.coarse && this.closed.compareAndSet(false, true)) {
			CoarseClock.release();
		}
	}

	@Override
	public String toString() {
		return "NearCache[" + this.name + "]";
	}

	/**
	 * Marks a key whose value is being read from the backend, in one generation.
	 */
	private static final class Reservation {

		private final Generation generation;

		Reservation(Generation generation) {
			this.generation = generation;
		}

	}

	/**
	 * The reads between two moments when every copy is dropped at once; compared by
	 * identity.
	 */
	private static final class Generation {

	}

}
