package io.cacheobj;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A counter stored under one cache key as decimal text and changed atomically on the
 * backend (Redis {@code INCRBY}, memcached {@code incr}).
 * <p>
 * It is safe to use from several threads and from several processes sharing the backend.
 *
 * @since 0.1.0
 */
public interface CachedCounter {

	/**
	 * Read the counter.
	 * @return the value, or {@code 0} when nothing is stored
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the stored value is not an integer
	 */
	long get();

	/**
	 * Add one, creating the counter at {@code 0} first when it is absent.
	 * @return the new value
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the stored value is not an integer
	 */
	long incrementAndGet();

	/**
	 * Add {@code delta}, creating the counter at {@code 0} first when it is absent.
	 * @param delta the amount to add, may be negative
	 * @return the new value
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the stored value is not an integer
	 */
	long addAndGet(long delta);

	/**
	 * Store the value with the property's time to live.
	 * @param value the new value
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 */
	void set(long value);

	/**
	 * Delete the counter, so that it reads {@code 0}.
	 * @return {@code true} when a value was deleted
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 */
	boolean delete();

	/**
	 * Add {@code delta} without blocking the caller: on Redis and memcached the future is
	 * completed by the client's I/O threads.
	 * @param delta the amount to add, may be negative
	 * @return the new value; completed exceptionally with what {@link #addAndGet(long)}
	 * would throw
	 * @since 0.1.0
	 */
	CompletableFuture<Long> addAndGetAsync(long delta);

	/**
	 * Give the counter a new time to live, keeping its value.
	 * @param ttl the new time to live, positive
	 * @return {@code true} when the counter existed
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @since 0.1.0
	 */
	boolean touch(Duration ttl);

	/**
	 * Return the full key of this counter on its backend.
	 * @return the key, including {@code cacheobj.key-prefix}
	 */
	String key();

}
