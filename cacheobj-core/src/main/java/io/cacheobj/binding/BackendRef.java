package io.cacheobj.binding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.OrderedValues;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.codec.ValueCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A backend as properties use it: every call a property or the repository makes goes
 * through here, which reads the near cache first when the backend has one and applies the
 * backend's failure policy and its decode policy once.
 * <p>
 * The policy is not a {@link io.cacheobj.backend.CacheBackendDecorator}: a property must
 * know that its write failed, even when the failure is ignored, to forget what it
 * remembered, so an ignored failure is a distinct answer here ({@link #FAILED},
 * {@code false}), not a silent success.
 */
final class BackendRef {

	/** What {@link #get} returns when the backend failed and its failures are ignored. */
	static final StoredValue FAILED = StoredValue.of(new byte[0]);

	/** Keys whose undecodable value was logged, at most this many per backend. */
	private static final int MAX_LOGGED_KEYS = 10_000;

	private static final Log logger = LogFactory.getLog(BackendRef.class);

	private final String name;

	private final CacheBackend backend;

	private final @Nullable Duration defaultTtl;

	private final boolean ignoreFailures;

	private final @Nullable NearCache nearCache;

	private final ConcurrentMap<String, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

	private final boolean missOnDecodeError;

	private final LongAdder decodeErrors = new LongAdder();

	private final Set<String> loggedKeys = ConcurrentHashMap.newKeySet();

	/**
	 * Create a reference.
	 * @param name the bean name of the backend
	 * @param backend the backend, with its decorators
	 * @param defaultTtl the time to live of properties that set none, or {@code null}
	 * @param ignoreFailures whether a {@link CacheBackendException} acts as a miss on
	 * reads and is logged on writes instead of being thrown
	 * @param nearCache the backend's near cache, or {@code null}
	 * @param missOnDecodeError whether a value that does not decode reads as absent
	 * instead of raising a {@link CacheValueException}
	 */
	BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures,
			@Nullable NearCache nearCache, boolean missOnDecodeError) {
		this.name = name;
		this.backend = backend;
		this.defaultTtl = defaultTtl;
		this.ignoreFailures = ignoreFailures;
		this.nearCache = nearCache;
		this.missOnDecodeError = missOnDecodeError;
	}

	BackendRef withIgnoreFailures() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, true, this.nearCache, this.missOnDecodeError);
	}

	BackendRef withNearCache(NearCache nearCache) {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.ignoreFailures, nearCache,
				this.missOnDecodeError);
	}

	BackendRef withMissOnDecodeError() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.ignoreFailures, this.nearCache, true);
	}

	String name() {
		return this.name;
	}

	CacheBackend backend() {
		return this.backend;
	}

	@Nullable Duration defaultTtl() {
		return this.defaultTtl;
	}

	@Nullable NearCache nearCache() {
		return this.nearCache;
	}

	/**
	 * Return how many values read from this backend did not decode.
	 * @return the number of decode errors, whether thrown or read as absent
	 */
	long decodeErrors() {
		return this.decodeErrors.sum();
	}

	/**
	 * Decode a value read from this backend, applying its decode policy: a value that
	 * does not decode raises {@link CacheValueException}, or with
	 * {@code on-decode-error: miss} reads as absent, logged once per key at WARN. Either
	 * way it is counted, and the stored value is left as it is: another version of the
	 * application may read it.
	 * @param key the key it was read from
	 * @param stored the value, or {@code null} when absent
	 * @param codec the property's codec
	 * @return the decoded value, or {@code null} when absent or undecodable and missed
	 */
	@Nullable Object decode(String key, @Nullable StoredValue stored, ValueCodec<Object> codec) {
		if (stored == null) {
			return null;
		}
		try {
			return codec.decode(key, stored);
		}
		catch (CacheValueException ex) {
			this.decodeErrors.increment();
			if (!this.missOnDecodeError) {
				throw ex;
			}
			if (logger.isWarnEnabled() && this.loggedKeys.size() < MAX_LOGGED_KEYS && this.loggedKeys.add(key)) {
				logger.warn(ex.getMessage() + "; it reads as absent on backend '" + this.name
						+ "' (on-decode-error=miss) and stays stored" + ((this.loggedKeys.size() == MAX_LOGGED_KEYS)
								? "; no further keys of this backend are logged" : ""));
			}
			return null;
		}
	}

	/**
	 * Read one value, from the near cache when {@code local} and it has it.
	 * @param key the key
	 * @param local whether the near cache may serve it (never for counters)
	 * @return the value, {@code null} when absent, or {@link #FAILED}
	 */
	@Nullable StoredValue get(String key, boolean local) {
		if (!local) {
			return fetch(key);
		}
		Object read = read(key);
		return (read instanceof NearCache.Copy copy) ? copy.value() : (StoredValue) read;
	}

	/**
	 * Read one value for a property that keeps the near cache's copy it was served from,
	 * to {@linkplain NearCache.Copy#reread read it again} without a lookup.
	 * @param key the key
	 * @return the near cache's copy when it served the value or kept the backend's
	 * answer; else the value, {@code null} when absent, or {@link #FAILED}
	 */
	@Nullable Object read(String key) {
		NearCache near = this.nearCache;
		if (near == null) {
			return fetch(key);
		}
		NearCache.Copy copy = near.find(key);
		return (copy != null) ? copy : fetchThrough(near, key);
	}

	/**
	 * Read a key the near cache missed, and keep the answer unless it was invalidated
	 * meanwhile; apart from {@link #read} to keep the hit path small enough to inline.
	 * @return the copy kept, or what the backend answered when none was
	 */
	private @Nullable Object fetchThrough(NearCache near, String key) {
		Object reservation = near.reserve(key);
		StoredValue value = fetch(key);
		if (reservation != null) {
			if (value == FAILED) {
				near.release(key, reservation);
			}
			else {
				NearCache.Copy kept = near.complete(key, reservation, value);
				if (kept != null) {
					return kept;
				}
			}
		}
		return value;
	}

	private @Nullable StoredValue fetch(String key) {
		try {
			return this.backend.get(key);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, false);
			return FAILED;
		}
	}

	/**
	 * Read many values in one round trip; the near cache serves what it has and the
	 * backend is asked for the rest only.
	 * @param keys the keys, not empty
	 * @param counters the positions in {@code keys} of counters, which the near cache
	 * never serves nor keeps, or {@code null} when there are none
	 * @return the values found, at the positions of their keys; none when the backend
	 * failed and failures are ignored
	 */
	@Nullable StoredValue[] getAll(List<String> keys, @Nullable BitSet counters) {
		NearCache near = this.nearCache;
		if (near == null) {
			return fetchAll(keys);
		}
		BulkRead read = new BulkRead(near, keys, counters);
		if (read.missing.isEmpty()) {
			return read.values;
		}
		try {
			return read.complete(this.backend.getAll(read.missing));
		}
		catch (RuntimeException ex) {
			read.release();
			rethrowUnlessIgnored(read.missing.get(0), ex, false);
			return read.values;
		}
	}

	/**
	 * Read many values without blocking; see {@link #getAll}.
	 * @param keys the keys, not empty
	 * @param counters the positions of counters in {@code keys}, or {@code null}
	 * @return the values found, at the positions of their keys
	 */
	CompletableFuture<@Nullable StoredValue[]> getAllAsync(List<String> keys, @Nullable BitSet counters) {
		NearCache near = this.nearCache;
		BulkRead read = (near != null) ? new BulkRead(near, keys, counters) : null;
		List<String> missing = (read != null) ? read.missing : keys;
		if (missing.isEmpty()) {
			return CompletableFuture.completedFuture(read.values);
		}
		return call(() -> this.backend.getAllAsync(missing)).handle((fetched, ex) -> {
			if (ex != null) {
				if (read != null) {
					read.release();
				}
				rethrowUnlessIgnored(missing.get(0), unwrap(ex), false);
				return (read != null) ? read.values : new StoredValue[keys.size()];
			}
			return (read != null) ? read.complete(fetched) : aligned(keys, fetched);
		});
	}

	private @Nullable StoredValue[] fetchAll(List<String> keys) {
		try {
			return aligned(keys, this.backend.getAll(keys));
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(keys.get(0), ex, false);
			return new StoredValue[keys.size()];
		}
	}

	private static @Nullable StoredValue[] aligned(List<String> keys, Map<String, StoredValue> found) {
		if (found instanceof OrderedValues ordered) {
			StoredValue[] values = ordered.valuesOf(keys);
			if (values != null) {
				return values;
			}
		}
		StoredValue[] values = new StoredValue[keys.size()];
		if (!found.isEmpty()) {
			for (int i = 0; i < values.length; i++) {
				values[i] = found.get(keys.get(i));
			}
		}
		return values;
	}

	/**
	 * Write one value.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return whether it was written; {@code false} when the backend failed and failures
	 * are ignored
	 */
	boolean set(String key, StoredValue value, @Nullable Duration ttl) {
		try {
			this.backend.set(key, value, ttl);
			return true;
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return false;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Delete one value.
	 * @param key the key
	 * @return whether a value was deleted, or {@code null} when the backend failed and
	 * failures are ignored
	 */
	@Nullable Boolean delete(String key) {
		try {
			return this.backend.delete(key);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return null;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Delete many values.
	 * @param keys the keys, not empty
	 */
	void deleteAll(Collection<String> keys) {
		try {
			this.backend.deleteAll(keys);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(keys.iterator().next(), ex, true);
		}
		finally {
			keys.forEach(this::evictLocal);
		}
	}

	/**
	 * Delete every value under a key prefix, and this JVM's local copies of them.
	 * @param prefix the key prefix
	 * @return how many values were deleted; {@code 0} when the backend failed and
	 * failures are ignored
	 * @throws UnsupportedOperationException when the backend cannot list its keys
	 */
	long deleteByPrefix(String prefix) {
		try {
			return this.backend.deleteByPrefix(prefix);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(prefix, ex, true);
			return 0;
		}
		finally {
			NearCache near = this.nearCache;
			if (near != null) {
				near.evictByPrefix(prefix);
			}
		}
	}

	/**
	 * Add to a counter.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the backend failed and failures are ignored
	 */
	long increment(String key, long delta, @Nullable Duration ttl) {
		try {
			return this.backend.increment(key, delta, ttl);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return 0;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Make many writes in one bulk write.
	 * @param writes the writes, not empty
	 * @return whether every write was made; {@code false} when the backend failed and
	 * failures are ignored
	 * @throws CacheBackendException when the backend failed, saying how many writes did
	 */
	boolean writeAll(List<CacheWrite> writes) {
		try {
			this.backend.writeAll(writes);
			return true;
		}
		catch (RuntimeException ex) {
			return batchFailed(writes, ex);
		}
		finally {
			evictLocal(writes);
		}
	}

	/**
	 * Make many writes in one bulk write without blocking; see {@link #writeAll}.
	 * @param writes the writes, not empty
	 * @return whether every write was made, or completed exceptionally with what
	 * {@link #writeAll} would throw
	 */
	CompletableFuture<Boolean> writeAllAsync(List<CacheWrite> writes) {
		return call(() -> this.backend.writeAllAsync(writes)).handle((written, ex) -> {
			evictLocal(writes);
			return (ex != null) ? batchFailed(writes, unwrap(ex)) : true;
		});
	}

	/**
	 * Throw what a failed bulk write becomes, naming this backend, unless this backend
	 * ignores its failures, when it is logged.
	 * @return {@code false}, when the failure is ignored
	 */
	private boolean batchFailed(List<CacheWrite> writes, Throwable ex) {
		if (ex instanceof Error error) {
			throw error;
		}
		RuntimeException failure = (ex instanceof CacheObjException cacheObj) ? cacheObj
				: (ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException)
						? (RuntimeException) ex
						: BackendFailures.allWritesFailed("Backend '" + this.name + "'", writes, ex);
		if (!this.ignoreFailures || !(failure instanceof CacheBackendException)) {
			throw failure;
		}
		if (logger.isWarnEnabled()) {
			logger.warn("A batch of " + writes.size() + " writes to backend '" + this.name
					+ "' failed and is ignored (on-error=ignore): " + failure.getMessage());
		}
		return false;
	}

	private void evictLocal(List<CacheWrite> writes) {
		if (this.nearCache != null) {
			for (CacheWrite write : writes) {
				evictLocal(write.key());
			}
		}
	}

	/**
	 * Read one value without blocking, from the near cache when {@code local} and it has
	 * it.
	 * @param key the key
	 * @param local whether the near cache may serve it
	 * @return the value, {@code null} when absent, or {@link #FAILED}
	 */
	CompletableFuture<@Nullable StoredValue> getAsync(String key, boolean local) {
		NearCache near = local ? this.nearCache : null;
		Object reservation = null;
		if (near != null) {
			NearCache.Copy cached = near.find(key);
			if (cached != null) {
				return CompletableFuture.completedFuture(cached.value());
			}
			reservation = near.reserve(key);
		}
		Object reserved = reservation;
		return call(() -> this.backend.getAsync(key)).handle((value, ex) -> {
			if (ex != null) {
				if (reserved != null) {
					near.release(key, reserved);
				}
				rethrowUnlessIgnored(key, unwrap(ex), false);
				return FAILED;
			}
			if (reserved != null) {
				near.complete(key, reserved, value);
			}
			return value;
		});
	}

	/**
	 * Write one value without blocking.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return whether it was written; {@code false} when the backend failed and failures
	 * are ignored
	 */
	CompletableFuture<Boolean> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return written(key, call(() -> this.backend.setAsync(key, value, ttl)));
	}

	/**
	 * Delete many values without blocking.
	 * @param keys the keys, not empty
	 * @return completed when they are deleted, or the failure ignored
	 */
	CompletableFuture<Boolean> deleteAllAsync(Collection<String> keys) {
		return call(() -> this.backend.deleteAllAsync(keys)).handle((deleted, ex) -> {
			keys.forEach(this::evictLocal);
			if (ex != null) {
				rethrowUnlessIgnored(keys.iterator().next(), unwrap(ex), true);
				return false;
			}
			return true;
		});
	}

	/**
	 * Add to a counter without blocking.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the backend failed and failures are ignored
	 */
	CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return call(() -> this.backend.incrementAsync(key, delta, ttl)).handle((value, ex) -> {
			evictLocal(key);
			if (ex != null) {
				rethrowUnlessIgnored(key, unwrap(ex), true);
				return 0L;
			}
			return value;
		});
	}

	/**
	 * Write a value only when the key has none.
	 * @return whether it was written; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return write(key, () -> this.backend.setIfAbsent(key, value, ttl), false);
	}

	/**
	 * Replace a value only when its bytes equal {@code expected}'s.
	 * @return whether it was replaced; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return write(key, () -> this.backend.compareAndSet(key, expected, update, ttl), false);
	}

	/**
	 * Replace a value and return the one it replaced.
	 * @return the previous value, {@code null} when none, or {@link #FAILED}
	 */
	@Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return write(key, () -> this.backend.getAndSet(key, value, ttl), FAILED);
	}

	/**
	 * Give a value a new time to live.
	 * @return whether the key existed; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean touch(String key, Duration ttl) {
		return write(key, () -> this.backend.touch(key, ttl), false);
	}

	/**
	 * Run the work that fills a key at most once at a time in this JVM: a caller that
	 * finds it under way waits for its result (or its exception) instead of running it
	 * too.
	 * @param key the key
	 * @param work what computes the value
	 * @return what the work returned, in this call or the one under way
	 */
	@SuppressWarnings("unchecked")
	<V> V singleFlight(String key, Supplier<V> work) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.flights.putIfAbsent(key, mine);
		if (running != null) {
			try {
				return (V) running.join();
			}
			catch (CompletionException ex) {
				Throwable cause = unwrap(ex);
				if (cause instanceof Error error) {
					throw error;
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : ex;
			}
		}
		try {
			V value = work.get();
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.flights.remove(key, mine);
		}
	}

	private <T> T write(String key, Supplier<T> operation, T whenIgnored) {
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return whenIgnored;
		}
		finally {
			evictLocal(key);
		}
	}

	private CompletableFuture<Boolean> written(String key, CompletableFuture<?> write) {
		return write.handle((result, ex) -> {
			evictLocal(key);
			if (ex != null) {
				rethrowUnlessIgnored(key, unwrap(ex), true);
				return false;
			}
			return true;
		});
	}

	/**
	 * Start an asynchronous call, turning what it throws before it starts into a failed
	 * future.
	 */
	private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> start) {
		try {
			return start.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	/**
	 * Drop a key's local copy after this JVM changed it (or may have: a failed write), so
	 * that this JVM reads its own writes before the server's invalidation arrives.
	 */
	private void evictLocal(String key) {
		NearCache near = this.nearCache;
		if (near != null) {
			near.evict(key);
		}
	}

	/**
	 * Throw what a failure of this backend becomes, unless this backend ignores it.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @param write whether the operation writes, so that an ignored failure is logged
	 */
	private void rethrowUnlessIgnored(String key, Throwable ex, boolean write) {
		if (ex instanceof Error error) {
			throw error;
		}
		RuntimeException failure = (ex instanceof CacheObjException cacheObj) ? cacheObj
				: (ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException)
						? (RuntimeException) ex
						: BackendFailures.failed("Backend '" + this.name + "'", key, String.valueOf(ex), ex);
		if (!this.ignoreFailures || !(failure instanceof CacheBackendException)) {
			throw failure;
		}
		if (write && logger.isWarnEnabled()) {
			logger.warn("Write to key '" + key + "' on backend '" + this.name + "' failed and is ignored (on-error="
					+ "ignore): " + failure.getMessage());
		}
	}

	@Override
	public String toString() {
		return "BackendRef[" + this.name + "]";
	}

	/**
	 * A bulk read through a near cache: what it served, at the positions of their keys,
	 * and the keys the backend is asked for, each reserved so that the answer is kept
	 * unless it was invalidated meanwhile.
	 */
	private static final class BulkRead {

		private static final int[] NONE = new int[0];

		private static final Object[] NONE_RESERVED = new Object[0];

		private final NearCache near;

		private final @Nullable StoredValue[] values;

		private final List<String> missing;

		private int[] positions = NONE;

		private @Nullable Object[] reservations = NONE_RESERVED;

		BulkRead(NearCache near, List<String> keys, @Nullable BitSet counters) {
			this.near = near;
			this.values = new StoredValue[keys.size()];
			List<String> missing = List.of();
			int hits = 0;
			int misses = 0;
			for (int i = 0; i < this.values.length; i++) {
				String key = keys.get(i);
				boolean local = counters == null || !counters.get(i);
				NearCache.Copy copy = local ? near.current(key) : null;
				if (copy != null) {
					this.values[i] = copy.value();
					hits++;
					continue;
				}
				if (missing.isEmpty()) {
					int left = this.values.length - i;
					missing = new ArrayList<>(left);
					this.positions = new int[left];
					this.reservations = new Object[left];
				}
				this.positions[missing.size()] = i;
				this.reservations[missing.size()] = local ? near.reserve(key) : null;
				missing.add(key);
				misses += local ? 1 : 0;
			}
			this.missing = missing;
			near.recordReads(hits, misses);
		}

		@Nullable StoredValue[] complete(Map<String, StoredValue> fetched) {
			StoredValue[] ordered = aligned(this.missing, fetched);
			for (int i = 0; i < this.missing.size(); i++) {
				String key = this.missing.get(i);
				StoredValue value = ordered[i];
				this.values[this.positions[i]] = value;
				Object reservation = this.reservations[i];
				if (reservation != null) {
					this.near.complete(key, reservation, value);
				}
			}
			return this.values;
		}

		void release() {
			for (int i = 0; i < this.missing.size(); i++) {
				Object reservation = this.reservations[i];
				if (reservation != null) {
					this.near.release(this.missing.get(i), reservation);
				}
			}
		}

	}

}
