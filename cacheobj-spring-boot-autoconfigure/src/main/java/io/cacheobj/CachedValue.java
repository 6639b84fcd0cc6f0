package io.cacheobj;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A single typed value stored under one cache key.
 * <p>
 * Strings, numbers, booleans and enums are stored as UTF-8 text, {@code byte[]} as is,
 * and every other type as JSON read back as the declared generic type. Java serialization
 * is never used.
 * <p>
 * An instance belongs to one entity object and remembers the value it last read or wrote,
 * which {@link #getCached()} returns. It is safe to use from several threads; each call
 * is one independent backend operation.
 *
 * @param <T> the type of the value
 * @since 0.1.0
 */
public interface CachedValue<T> {

	/**
	 * Read the value from the backend and remember it.
	 * @return the value, or {@code null} when nothing is stored
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the stored bytes do not decode as the declared
	 * type
	 */
	@Nullable T get();

	/**
	 * Return the value this object last read, wrote or was loaded with, reading the
	 * backend only when it has none. A value known to be absent counts as known.
	 * @return the remembered value, or {@code null}
	 * @throws CacheBackendException when the backend had to be read and failed
	 * @throws CacheValueException when the stored bytes do not decode as the declared
	 * type
	 */
	@Nullable T getCached();

	/**
	 * Write the value with the property's time to live; {@code null} deletes the key.
	 * @param value the value to store, or {@code null} to delete it
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the value cannot be encoded or is too large to
	 * store
	 */
	void set(@Nullable T value);

	/**
	 * Write the value with the given time to live instead of the property's; {@code null}
	 * deletes the key.
	 * @param value the value to store, or {@code null} to delete it
	 * @param ttl the time to live of this write, positive
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the value cannot be encoded or is too large to
	 * store
	 */
	void set(@Nullable T value, Duration ttl);

	/**
	 * Delete the key.
	 * @return {@code true} when a value was deleted
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 */
	boolean delete();

	/**
	 * Return the full key of this value on its backend.
	 * @return the key, including {@code cacheobj.key-prefix}
	 */
	String key();

}
