package io.cacheobj.backend;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

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
	 * Check that the backend answers, for health reporting: a Redis {@code PING}, a
	 * memcached {@code version} on every server. The default answers at once.
	 * @return details to show, such as server versions; never credentials
	 * @throws io.cacheobj.CacheBackendException when the backend does not answer
	 */
	default Map<String, Object> check() {
		return Map.of();
	}

}
