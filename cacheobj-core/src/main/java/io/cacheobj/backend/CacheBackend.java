package io.cacheobj.backend;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.CacheBackendException;
import org.jspecify.annotations.Nullable;

/**
 * A cache that stores cacheobj properties: bytes under string keys, single and in bulk.
 * <p>
 * Any Spring bean implementing this interface is a backend under its bean name. Encoding
 * is not a backend's concern: it receives and returns {@link StoredValue}s. Every method
 * is called from many threads at once. A backend reports a failure of its server or
 * client as {@link io.cacheobj.CacheBackendException} naming itself and the key, a value
 * it cannot store as {@link io.cacheobj.CacheValueException}, and answers within its
 * timeout.
 *
 * @since 0.1.0
 */
public interface CacheBackend {

	/**
	 * Read one value.
	 * @param key the key
	 * @return the value, or {@code null} when none is stored
	 */
	@Nullable StoredValue get(String key);

	/**
	 * Read many values in one round trip. An empty collection does no I/O.
	 * @param keys the keys; a key may appear more than once
	 * @return the values that exist, by key; absent keys are not in the map
	 */
	Map<String, StoredValue> getAll(Collection<String> keys);

	/**
	 * Read many values in one round trip, by position, as Redis {@code MGET} answers. An
	 * empty list does no I/O.
	 * <p>
	 * The default looks each key up in what {@link #getAll} returns; a backend that reads
	 * by position, or can answer so without building a map, overrides it. A decorator
	 * forwards it as the one bulk read it is.
	 * @param keys the keys; a key may appear more than once
	 * @return as many values as keys, each at the position of its key, {@code null} where
	 * none is stored; not to be modified
	 * @throws io.cacheobj.CacheBackendException as {@link #getAll} does
	 * @since 0.1.0
	 */
	default List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		return keys.isEmpty() ? List.of() : inOrder(keys, getAll(keys));
	}

	/**
	 * Write one value, with its time to live set atomically with it.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, positive, or {@code null} for no expiry
	 */
	void set(String key, StoredValue value, @Nullable Duration ttl);

	/**
	 * Delete one value.
	 * @param key the key
	 * @return {@code true} when a value was deleted
	 */
	boolean delete(String key);

	/**
	 * Delete many values, in as few round trips as the backend allows.
	 * @param keys the keys
	 * @return how many values were deleted
	 */
	long deleteAll(Collection<String> keys);

	/**
	 * Add {@code delta} atomically to an integer stored as decimal text, creating it at
	 * {@code 0} first when absent. An existing value keeps its expiry.
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @param ttl the time to live of a counter this call creates, or {@code null} for
	 * none
	 * @return the new value
	 */
	long increment(String key, long delta, @Nullable Duration ttl);

	/**
	 * Read one value without blocking the caller. The default reads it at once, on the
	 * caller's thread, which suits a backend in this JVM; a remote backend completes the
	 * future from its client's I/O threads.
	 * @param key the key
	 * @return the value, or {@code null} when none is stored; completed exceptionally as
	 * {@link #get} would throw
	 * @since 0.1.0
	 */
	default CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return BackendFailures.now(() -> get(key));
	}

	/**
	 * Read many values in one round trip without blocking the caller; see
	 * {@link #getAsync}.
	 * @param keys the keys
	 * @return the values that exist, by key
	 * @since 0.1.0
	 */
	default CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		return BackendFailures.now(() -> getAll(keys));
	}

	/**
	 * Read many values in one round trip, by position, without blocking the caller; see
	 * {@link #getAllInOrder} and {@link #getAsync}. The default looks each key up in what
	 * {@link #getAllAsync} returns.
	 * @param keys the keys; a key may appear more than once
	 * @return as many values as keys, each at the position of its key, {@code null} where
	 * none is stored; completed exceptionally as {@link #getAllInOrder} would throw
	 * @since 0.1.0
	 */
	default CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		return BackendFailures.start(() -> getAllAsync(keys)).thenApply((found) -> inOrder(keys, found));
	}

	/**
	 * Write one value without blocking the caller; see {@link #getAsync}.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, positive, or {@code null} for no expiry
	 * @return completed when the value is written
	 * @since 0.1.0
	 */
	default CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return BackendFailures.now(() -> {
			set(key, value, ttl);
			return null;
		});
	}

	/**
	 * Delete many values without blocking the caller; see {@link #getAsync}.
	 * @param keys the keys
	 * @return how many values were deleted
	 * @since 0.1.0
	 */
	default CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		return BackendFailures.now(() -> deleteAll(keys));
	}

	/**
	 * Add to a counter without blocking the caller; see {@link #increment} and
	 * {@link #getAsync}.
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value
	 * @since 0.1.0
	 */
	default CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return BackendFailures.now(() -> increment(key, delta, ttl));
	}

	/**
	 * Make many writes in as few round trips as the backend allows, in order: writes of
	 * the same key are applied in the order given. Every write is made even when others
	 * fail; the writes are not one transaction, each is atomic on its own.
	 * <p>
	 * The default calls {@link #set}, {@link #delete} and {@link #increment} once per
	 * write, one after the other, so that a backend without a bulk write works; a remote
	 * backend sends them all before awaiting any.
	 * @param writes the writes; an empty list does no I/O
	 * @throws io.cacheobj.CacheBackendException when a write failed, saying how many did
	 * ({@link BackendFailures#writesFailed})
	 * @since 0.1.0
	 */
	default void writeAll(List<CacheWrite> writes) {
		Throwable[] failures = new Throwable[writes.size()];
		for (int i = 0; i < failures.length; i++) {
			try {
				writes.get(i).applyTo(this);
			}
			catch (RuntimeException ex) {
				failures[i] = ex;
			}
		}
		CacheBackendException failure = BackendFailures.writesFailed(getClass().getSimpleName(), writes, failures);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Make many writes without blocking the caller; see {@link #writeAll} and
	 * {@link #getAsync}.
	 * @param writes the writes
	 * @return completed when every write was made or failed; exceptionally as
	 * {@link #writeAll} would throw
	 * @since 0.1.0
	 */
	default CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		return BackendFailures.now(() -> {
			writeAll(writes);
			return null;
		});
	}

	/**
	 * Write a value only when the key has none, atomically, in one round trip.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, or {@code null}
	 * @return whether the value was written
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 * @since 0.1.0
	 */
	default boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		throw unsupported("setIfAbsent");
	}

	/**
	 * Replace a value only when its stored bytes equal {@code expected}'s, atomically.
	 * Bytes are compared, not flags, so a value another client wrote with the same text
	 * compares equal.
	 * @param key the key
	 * @param expected the value expected, or {@code null} for none
	 * @param update the new value, or {@code null} to delete it
	 * @param ttl the time to live of the new value, or {@code null}
	 * @return whether the value was replaced
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 * @since 0.1.0
	 */
	default boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		throw unsupported("compareAndSet");
	}

	/**
	 * Replace a value and return the one it replaced, atomically.
	 * @param key the key
	 * @param value the new value, or {@code null} to delete it
	 * @param ttl the time to live of the new value, or {@code null}
	 * @return the previous value, or {@code null} when there was none
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 * @since 0.1.0
	 */
	default @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		throw unsupported("getAndSet");
	}

	/**
	 * Give a stored value a new time to live.
	 * @param key the key
	 * @param ttl the new time to live, positive
	 * @return whether the key existed
	 * @throws UnsupportedOperationException when the backend cannot
	 * @since 0.1.0
	 */
	default boolean touch(String key, Duration ttl) {
		throw unsupported("touch");
	}

	/**
	 * Delete every value whose key starts with {@code prefix}, without blocking the
	 * server: Redis scans each node in batches ({@code SCAN MATCH}, never {@code KEYS})
	 * and unlinks what it finds; a memory backend removes the matching entries. A key
	 * written while the call runs may survive it. An empty prefix deletes every value, as
	 * a test's clean-up does.
	 * @param prefix the key prefix
	 * @return how many values were deleted
	 * @throws UnsupportedOperationException when the backend cannot list its keys, as
	 * memcached cannot
	 * @since 0.1.0
	 */
	default long deleteByPrefix(String prefix) {
		throw unsupported("deleteByPrefix");
	}

	/**
	 * Read a key through an invalidation source that reports only the keys read through
	 * it ({@link InvalidationSource#readsToKeep()}), for a near cache that keeps the
	 * answer. Decorators pass it on as they pass on {@link #getAsync}, so that their
	 * timers and breakers see these reads too; the default asks the source directly, so a
	 * decorator that does not override it is skipped, never the server's tracking.
	 * @param source the near cache's invalidation source
	 * @param key the key
	 * @return what {@link InvalidationSource#readToKeep} returns
	 * @since 0.1.0
	 */
	default @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(InvalidationSource source, String key) {
		return source.readToKeep(key);
	}

	/**
	 * Read keys through an invalidation source, as {@link #readToKeep} does for one.
	 * @param source the near cache's invalidation source
	 * @param keys the keys, not empty
	 * @return what {@link InvalidationSource#readAllToKeep} returns
	 * @since 0.1.0
	 */
	default @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(InvalidationSource source,
			List<String> keys) {
		return source.readAllToKeep(keys);
	}

	/**
	 * List the keys that start with {@code prefix}, without blocking the server: Redis
	 * scans each node (every master of a cluster) in batches ({@code SCAN MATCH}, never
	 * {@code KEYS}); a memory backend reads its map. A key written or deleted while the
	 * call runs may or may not be listed. Front-ends that must enumerate their entries (a
	 * JCache cache's iterator, {@code removeAll} and {@code clear}) use it.
	 * @param prefix the key prefix
	 * @return the keys found, in no particular order
	 * @throws UnsupportedOperationException when the backend cannot list its keys, as
	 * memcached cannot
	 * @since 0.1.0
	 */
	default List<String> keysByPrefix(String prefix) {
		throw unsupported("keysByPrefix");
	}

	/**
	 * Check that the backend answers, for health reporting: a Redis {@code PING}, a
	 * memcached {@code version} on every server. The default answers at once.
	 * @return details to show, such as server versions; never credentials
	 * @throws io.cacheobj.CacheBackendException when the backend does not answer
	 */
	default Map<String, Object> check() {
		return Map.of();
	}

	private UnsupportedOperationException unsupported(String operation) {
		return new UnsupportedOperationException(getClass().getName() + " does not implement " + operation);
	}

	private static List<@Nullable StoredValue> inOrder(List<String> keys, Map<String, StoredValue> found) {
		@Nullable StoredValue[] values = new StoredValue[keys.size()];
		if (!found.isEmpty()) {
			for (int i = 0; i < values.length; i++) {
				values[i] = found.get(keys.get(i));
			}
		}
		return Arrays.asList(values);
	}

}
