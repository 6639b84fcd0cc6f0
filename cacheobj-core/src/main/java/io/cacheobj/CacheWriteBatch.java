package io.cacheobj;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * Writes to many properties of many objects, queued and then sent together: one round
 * trip per backend, to every backend at once. Obtained from
 * {@link CacheEntityRepository#batch()}.
 * <p>
 * Each write keeps its own semantics, as the property's method would make it: a value is
 * stored with its time to live ({@code SET ... PX} on Redis), a {@code null} value
 * deletes, a counter's {@code add} is atomic and gives a counter it creates the
 * property's time to live, as {@link CachedCounter#addAndGet} does. Writes of the same
 * key are applied in the order they were queued.
 * <p>
 * A batch is not a transaction: each write is atomic, the batch is not. Another client
 * may see some of its writes before others, and when a backend fails, the other backends'
 * writes are still made. After {@link #execute()} returns, this JVM reads its own writes:
 * near-cache copies of every written key are dropped, and every {@link CachedValue}
 * written remembers its value ({@link CachedValue#getCached()}), as
 * {@link CachedValue#set} does.
 * <p>
 * A batch runs once and is not thread-safe: queue from one thread, then execute.
 *
 * @since 0.1.0
 */
public interface CacheWriteBatch {

	/**
	 * Queue a write of a value with the property's time to live; {@code null} deletes the
	 * key.
	 * @param <T> the type of the value
	 * @param property a property of an object obtained from a repository
	 * @param value the value to store, or {@code null} to delete it
	 * @return this batch
	 * @throws CacheValueException when the value cannot be encoded; nothing is queued
	 * @throws IllegalArgumentException when the property was not bound by cacheobj
	 * @throws IllegalStateException when the batch was executed
	 */
	<T> CacheWriteBatch set(CachedValue<T> property, @Nullable T value);

	/**
	 * Queue a write of a value with the given time to live instead of the property's;
	 * {@code null} deletes the key.
	 * @param <T> the type of the value
	 * @param property a property of an object obtained from a repository
	 * @param value the value to store, or {@code null} to delete it
	 * @param ttl the time to live of this write, positive
	 * @return this batch
	 * @throws CacheValueException when the value cannot be encoded; nothing is queued
	 * @throws IllegalArgumentException when {@code ttl} is zero or negative, or the
	 * property was not bound by cacheobj
	 * @throws IllegalStateException when the batch was executed
	 */
	<T> CacheWriteBatch set(CachedValue<T> property, @Nullable T value, Duration ttl);

	/**
	 * Queue an atomic addition to a counter, creating it at {@code 0} first when absent.
	 * @param counter a counter of an object obtained from a repository
	 * @param delta the amount to add, may be negative
	 * @return this batch
	 * @throws IllegalArgumentException when the counter was not bound by cacheobj
	 * @throws IllegalStateException when the batch was executed
	 */
	CacheWriteBatch add(CachedCounter counter, long delta);

	/**
	 * Queue the deletion of a property's key.
	 * @param property a property of an object obtained from a repository
	 * @return this batch
	 * @throws IllegalArgumentException when the property was not bound by cacheobj
	 * @throws IllegalStateException when the batch was executed
	 */
	CacheWriteBatch delete(CachedValue<?> property);

	/**
	 * Queue the deletion of a counter, so that it reads {@code 0}.
	 * @param counter a counter of an object obtained from a repository
	 * @return this batch
	 * @throws IllegalArgumentException when the counter was not bound by cacheobj
	 * @throws IllegalStateException when the batch was executed
	 */
	CacheWriteBatch delete(CachedCounter counter);

	/**
	 * Queue the deletion of every property of an id, as
	 * {@link CacheEntityRepository#delete(Class, Object)} does.
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @return this batch
	 * @throws CacheEntityDefinitionException when the type is not a valid entity
	 * @throws IllegalArgumentException when the id cannot be converted
	 * @throws IllegalStateException when the batch was executed
	 */
	CacheWriteBatch delete(Class<?> type, Object id);

	/**
	 * Send every queued write, one round trip per backend, to every backend at once, and
	 * wait until all have answered. A batch without writes does nothing.
	 * @throws CacheBackendException when a backend failed (unless its failures are
	 * ignored, {@code on-error: ignore}, which logs them): one exception naming each
	 * failed backend, how many of its writes failed and the first keys; the other
	 * backends' writes are made
	 * @throws IllegalStateException when the batch was executed before
	 */
	void execute();

	/**
	 * Send every queued write as {@link #execute()} does, without blocking the caller.
	 * @return completed when every backend has answered; exceptionally with what
	 * {@link #execute()} would throw
	 * @throws IllegalStateException when the batch was executed before
	 */
	CompletableFuture<Void> executeAsync();

	/**
	 * Return the number of writes queued; {@link #delete(Class, Object)} queues one per
	 * property.
	 * @return the number of writes
	 */
	int size();

}
