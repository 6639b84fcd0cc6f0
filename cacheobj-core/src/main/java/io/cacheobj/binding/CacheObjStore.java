package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * One backend's store, the only path between a key and that backend: properties, the
 * repository and write batches take it, and a front-end other than properties, such as a
 * Spring cache or a JCache cache, sits on it for values stored under a key prefix, as
 * Spring Data Redis's {@code RedisCache} sits on its {@code RedisCacheWriter}. Obtained
 * from {@link CacheObjBinding#store}.
 * <p>
 * Reads go through the backend's near cache, when it has one, which tracks the prefix;
 * every write and delete drops this JVM's local copy of the key. The backend's decorators
 * (circuit breaker, timers) and its {@code on-error} policy apply as they do to
 * properties: with failures ignored, a read that fails answers absent, a write that fails
 * is logged at WARN and answers as noted on each method, and otherwise a failure is a
 * {@link io.cacheobj.CacheBackendException} naming the backend and the key. A value the
 * backend refuses (too large for memcached) is a {@link io.cacheobj.CacheValueException}.
 * Values are bytes: encoding is the caller's. Implementations are thread-safe.
 *
 * @since 0.1.0
 */
public interface CacheObjStore {

	/**
	 * Return the name of the backend.
	 * @return the backend's name
	 */
	String backendName();

	/**
	 * Read a value.
	 * @param key the key
	 * @return the value, or {@code null} when there is none (or the read failed and
	 * failures are ignored)
	 */
	@Nullable StoredValue get(String key);

	/**
	 * Read a value without blocking the caller on a remote backend.
	 * @param key the key
	 * @return a future of the value or {@code null}; it completes on the client's I/O
	 * thread when the backend answers, or at once on a near-cache hit
	 */
	CompletableFuture<@Nullable StoredValue> retrieve(String key);

	/**
	 * Write a value.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, or {@code null} for none
	 */
	void put(String key, StoredValue value, @Nullable Duration ttl);

	/**
	 * Write a value without blocking the caller on a remote backend.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, or {@code null} for none
	 * @return a future that completes when the value is written
	 */
	CompletableFuture<@Nullable Void> store(String key, StoredValue value, @Nullable Duration ttl);

	/**
	 * Write a value only where the key has none, atomically.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, or {@code null} for none
	 * @return whether the value was written; {@code false} too when the write failed and
	 * failures are ignored
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 */
	boolean putIfAbsent(String key, StoredValue value, @Nullable Duration ttl);

	/**
	 * Write a value only where the key has none, or holds bytes the reader cannot read,
	 * atomically ({@code putIfAbsent}, else {@link #replace} of those bytes), and
	 * otherwise return the value that is there: never a plain write.
	 * @param <V> the type of the value
	 * @param key the key
	 * @param value the value
	 * @param reader reads a stored value, {@code null} when it is none of the caller's
	 * @param ttl the time to live, or {@code null} for none
	 * @return {@code null} when the value was written (or three values found in turn were
	 * unreadable), else the value found, as the reader read it
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 */
	<V> @Nullable V putIfAbsentOrGet(String key, StoredValue value,
			Function<? super StoredValue, ? extends @Nullable V> reader, @Nullable Duration ttl);

	/**
	 * Replace a value only where the key still holds {@code expected}'s bytes,
	 * atomically.
	 * @param key the key
	 * @param expected the bytes expected
	 * @param value the new value
	 * @param ttl the time to live, or {@code null} for none
	 * @return whether the value was replaced; {@code false} too when the write failed and
	 * failures are ignored
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 */
	boolean replace(String key, StoredValue expected, StoredValue value, @Nullable Duration ttl);

	/**
	 * Delete a value only where the key still holds {@code expected}'s bytes, atomically.
	 * @param key the key
	 * @param expected the bytes expected
	 * @return whether the value was deleted; {@code false} too when the delete failed and
	 * failures are ignored
	 * @throws UnsupportedOperationException when the backend has no atomic operations
	 */
	boolean remove(String key, StoredValue expected);

	/**
	 * Delete a value.
	 * @param key the key
	 * @return whether a value was deleted; {@code false} too when the delete failed and
	 * failures are ignored
	 */
	boolean evict(String key);

	/**
	 * Delete every value under a key prefix, and this JVM's local copies of them.
	 * @param prefix the key prefix, not empty
	 * @return how many values were deleted; {@code 0} when the delete failed and failures
	 * are ignored
	 * @throws UnsupportedOperationException when the backend cannot list its keys, as
	 * memcached cannot
	 */
	long clean(String prefix);

	/**
	 * List the keys under a key prefix, as the backend finds them (Redis scans, never
	 * blocking the server).
	 * @param prefix the key prefix, not empty
	 * @return the keys, in no particular order; empty when the read failed and failures
	 * are ignored
	 * @throws UnsupportedOperationException when the backend cannot list its keys, as
	 * memcached cannot
	 */
	List<String> keys(String prefix);

	/**
	 * Add to a counter, creating it at {@code delta} when absent.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the write failed and failures are ignored
	 */
	long increment(String key, long delta, @Nullable Duration ttl);

	/**
	 * Return a key's value, or load it: the load through every front-end and property on
	 * this backend, at most one at a time per key in this JVM, a caller that finds one
	 * under way waiting for its result or its exception. The load reads the key once more
	 * (a load that ended since the caller's read may have filled it), runs the loader,
	 * and writes its value only where the key is still absent, or still holds the bytes
	 * the reader could not read, as {@link #putIfAbsentOrGet} does: JVMs loading one key
	 * at once settle on one value.
	 * @param <V> the type of the value
	 * @param key the key
	 * @param reader reads a stored value, {@code null} when it is none of the caller's
	 * (which the load replaces); it may throw a {@link io.cacheobj.CacheValueException}
	 * @param loader computes the value; a {@code null} result is returned and not stored
	 * @param writer encodes the loaded value
	 * @param ttl the time to live of the value stored, or {@code null} for none
	 * @return the value read, the value of the writer that won, or the loaded value
	 */
	<V> @Nullable V computeIfAbsent(String key, Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends @Nullable V> loader, Function<? super V, StoredValue> writer, @Nullable Duration ttl);

	/**
	 * Return a key's value, or load it without blocking, in the same flights as
	 * {@link #computeIfAbsent}, which it otherwise follows. The loaded value is written
	 * off the client's I/O thread, on the common pool, where the future completes.
	 * @param <V> the type of the value
	 * @param key the key
	 * @param reader reads a stored value, {@code null} when it is none of the caller's
	 * @param loader starts computing the value
	 * @param writer encodes the loaded value
	 * @param ttl the time to live of the value stored, or {@code null} for none
	 * @return the future of the value read, of the writer that won, or of the loaded
	 * value
	 */
	<V> CompletableFuture<@Nullable V> computeIfAbsentAsync(String key,
			Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends CompletableFuture<? extends @Nullable V>> loader,
			Function<? super V, StoredValue> writer, @Nullable Duration ttl);

	/**
	 * Return the statistics of the backend's near cache, which it shares with every other
	 * store and property on that backend.
	 * @return the statistics, or {@code null} when the backend has no near cache
	 */
	@Nullable NearCacheStatistics statistics();

}
