package io.cacheobj;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Gives {@link CacheEntity} objects bound to ids, and loads, checks and deletes them in
 * bulk: one round trip per backend, whatever the number of properties or ids.
 * <p>
 * Implementations are thread-safe. The objects they return are not shared: each call
 * returns new ones.
 *
 * @since 0.1.0
 */
public interface CacheEntityRepository {

	/**
	 * Return an object bound to the id, without any backend I/O.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id, converted to the type of the entity's {@link CacheId}
	 * @return a new object whose properties read and write the id's keys
	 * @throws CacheEntityDefinitionException when the type is not a valid entity
	 * @throws IllegalArgumentException when the id cannot be converted
	 */
	<T> T get(Class<T> type, Object id);

	/**
	 * Return an object bound to the id with every {@link CachedValue} property read, in
	 * one bulk read per backend, so that {@link CachedValue#getCached()} needs no I/O.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @return the loaded object, also when none of its properties exists
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 * @throws CacheValueException when a stored value does not decode as its property's
	 * type
	 */
	<T> T load(Class<T> type, Object id);

	/**
	 * Load many objects with one bulk read per backend.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param ids the ids
	 * @return one loaded object per id, in the order of {@code ids}, found or not
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 * @throws CacheValueException when a stored value does not decode as its property's
	 * type
	 */
	<T> List<T> loadAll(Class<T> type, Collection<?> ids);

	/**
	 * Load an object without blocking the caller: the per-backend bulk reads are sent at
	 * once and the future completes, on a client I/O thread, when the last answers.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @return the loaded object; completed exceptionally with what
	 * {@link #load(Class, Object)} would throw
	 * @since 0.1.0
	 */
	<T> CompletableFuture<T> loadAsync(Class<T> type, Object id);

	/**
	 * Load many objects without blocking the caller; see {@link #loadAsync}.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param ids the ids
	 * @return one loaded object per id, in the order of {@code ids}
	 * @since 0.1.0
	 */
	<T> CompletableFuture<List<T>> loadAllAsync(Class<T> type, Collection<?> ids);

	/**
	 * Load the object when at least one of its properties, counters included, exists.
	 * @param <T> the entity type
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @return the loaded object, or empty when none of its properties exists
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 * @throws CacheValueException when a stored value does not decode as its property's
	 * type
	 */
	<T> Optional<T> findById(Class<T> type, Object id);

	/**
	 * Tell whether at least one property of the id exists.
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @return {@code true} when a property exists
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 */
	boolean exists(Class<?> type, Object id);

	/**
	 * Delete every property of the id, with one bulk delete per backend.
	 * @param type a {@link CacheEntity} class or record
	 * @param id the id
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 */
	void delete(Class<?> type, Object id);

	/**
	 * Delete every property of an object obtained from this repository.
	 * @param entity the object
	 * @throws IllegalArgumentException when the object was not obtained from a repository
	 * @throws CacheBackendException when a backend cannot be reached in time or fails
	 */
	void delete(Object entity);

	/**
	 * Start a batch of writes to properties of any objects and entities, sent with one
	 * round trip per backend when executed.
	 * @return a new, empty batch
	 * @since 0.1.0
	 */
	CacheWriteBatch batch();

}
