package io.cacheobj.autoconfigure.failover;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * What the failover tests write and read on the backend named {@code ha}: a value that
 * names its own id, so that a wrong value is always recognised.
 *
 * @param id the id
 * @param value the value, {@code "v-" + id} when written
 */
@CacheEntity(backend = "ha")
public record Item(@CacheId String id, @CachedProperty CachedValue<String> value) {

	/**
	 * Return the value that the failover tests write for an id.
	 * @param id the id
	 * @return the value
	 */
	public static String valueOf(String id) {
		return "v-" + id;
	}

}
