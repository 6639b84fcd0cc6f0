package io.cacheobj;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

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
	 * Read the value without blocking the caller: on Redis and memcached the future is
	 * completed by the client's I/O threads (no thread of the caller's or of cacheobj's
	 * waits), on a memory backend at once; a near-cached value completes at once too.
	 * @return the value, or {@code null} when nothing is stored; completed exceptionally
	 * with what {@link #get()} would throw
	 * @since 0.1.0
	 */
	CompletableFuture<@Nullable T> getAsync();

	/**
	 * Write the value with the property's time to live without blocking the caller; see
	 * {@link #getAsync()}. {@code null} deletes the key.
	 * @param value the value to store, or {@code null} to delete it
	 * @return completed when the value is written; exceptionally with what
	 * {@link #set(Object)} would throw
	 * @since 0.1.0
	 */
	CompletableFuture<Void> setAsync(@Nullable T value);

	/**
	 * Write the value with the given time to live without blocking the caller.
	 * @param value the value to store, or {@code null} to delete it
	 * @param ttl the time to live of this write, positive
	 * @return completed when the value is written
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative
	 * @since 0.1.0
	 */
	CompletableFuture<Void> setAsync(@Nullable T value, Duration ttl);

	/**
	 * Write the value with the property's time to live only when the key has none,
	 * atomically on the backend (Redis {@code SET NX}, memcached {@code add}).
	 * @param value the value, not {@code null}
	 * @return {@code true} when it was written, {@code false} when a value existed
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the value cannot be encoded or is too large
	 * @since 0.1.0
	 */
	boolean setIfAbsent(T value);

	/**
	 * Write the value with the given time to live only when the key has none.
	 * @param value the value, not {@code null}
	 * @param ttl the time to live, positive
	 * @return {@code true} when it was written
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @since 0.1.0
	 */
	boolean setIfAbsent(T value, Duration ttl);

	/**
	 * Replace the value only when the stored one equals {@code expected}, atomically,
	 * with the property's time to live. The encoded bytes are compared, so it works for
	 * every type, and a value another client (Python) wrote with the same text compares
	 * equal (for JSON, the same text, key order and spacing included). On Redis it is one
	 * script call; on memcached a {@code gets} and a {@code cas}, read again when another
	 * client changed the value in between.
	 * @param expected the value expected, or {@code null} for none
	 * @param update the new value, or {@code null} to delete it
	 * @return {@code true} when the value was replaced
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @since 0.1.0
	 */
	boolean compareAndSet(@Nullable T expected, @Nullable T update);

	/**
	 * Replace the value and return the one it replaced, atomically, with the property's
	 * time to live ({@code SET ... GET} on Redis; {@code gets} and {@code cas} on
	 * memcached).
	 * @param value the new value, or {@code null} to delete it
	 * @return the previous value, or {@code null} when there was none
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws CacheValueException when the previous value does not decode
	 * @since 0.1.0
	 */
	@Nullable T getAndSet(@Nullable T value);

	/**
	 * Give the stored value a new time to live, without reading or writing it.
	 * @param ttl the new time to live, positive
	 * @return {@code true} when the key existed
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @since 0.1.0
	 */
	boolean touch(Duration ttl);

	/**
	 * Return the value, or compute it, store it with the property's time to live and
	 * return it. On a miss the loader runs once per key in this JVM however many threads
	 * ask at once; the others wait for its result. The value is stored with
	 * {@link #setIfAbsent}, so when two JVMs race, both return the value that won.
	 * @param loader computes the value; a {@code null} result stores nothing
	 * @return the value, or {@code null} when the loader returned {@code null}
	 * @throws CacheBackendException when the backend cannot be reached in time or fails
	 * @throws RuntimeException what the loader threw, to every waiting caller; nothing is
	 * stored
	 * @since 0.1.0
	 */
	@Nullable T computeIfAbsent(Supplier<? extends @Nullable T> loader);

	/**
	 * Return the value, or compute and store it with the given time to live; see
	 * {@link #computeIfAbsent(Supplier)}.
	 * @param loader computes the value; a {@code null} result stores nothing
	 * @param ttl the time to live of a computed value, positive
	 * @return the value, or {@code null} when the loader returned {@code null}
	 * @since 0.1.0
	 */
	@Nullable T computeIfAbsent(Supplier<? extends @Nullable T> loader, Duration ttl);

	/**
	 * Return the full key of this value on its backend.
	 * @return the key, including {@code cacheobj.key-prefix}
	 */
	String key();

}
