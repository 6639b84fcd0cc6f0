package io.cacheobj.consistency;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * What the consistency tests write and read: one register per id, under the key
 * {@code Register.<id>.value}, on the default backend.
 *
 * @param id the id
 * @param value the register's value
 */
@CacheEntity
public record Register(@CacheId String id, @CachedProperty CachedValue<String> value) {

	/**
	 * Return the key of an id's register.
	 * @param id the id
	 * @return the key
	 */
	public static String keyOf(String id) {
		return "Register." + id + ".value";
	}

}
