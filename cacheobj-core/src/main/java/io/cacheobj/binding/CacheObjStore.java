package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * One backend as a front-end other than properties uses it, such as a Spring cache or a
 * JCache cache, for values stored under a key prefix: the narrow store that such a cache
 * sits on, as Spring Data Redis's {@code RedisCache} sits on its
 * {@code RedisCacheWriter}. Obtained from {@link CacheObjBinding#store}.
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
	 * Run the work that fills a key at most once at a time in this JVM, the same flight
	 * for properties, {@link #flightAsync} and every front-end on this backend: a caller
	 * that finds it under way waits for its result or its exception.
	 * @param <V> the type of the result
	 * @param key the key
	 * @param work what fills the key
	 * @return what the work returned, in this call or the one under way
	 */
	<V> V flight(String key, Supplier<V> work);

	/**
	 * Start the work that fills a key unless one is under way in this JVM, in the same
	 * flights as {@link #flight}, without blocking.
	 * @param <V> the type of the result
	 * @param key the key
	 * @param work what starts filling the key
	 * @return the future of this work or of the one under way
	 */
	<V> CompletableFuture<V> flightAsync(String key, Supplier<CompletableFuture<V>> work);

	/**
	 * Return the statistics of the backend's near cache, which it shares with every other
	 * store and property on that backend.
	 * @return the statistics, or {@code null} when the backend has no near cache
	 */
	@Nullable NearCacheStatistics statistics();

}
