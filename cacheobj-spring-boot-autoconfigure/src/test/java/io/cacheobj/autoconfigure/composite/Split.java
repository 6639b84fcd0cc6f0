package io.cacheobj.autoconfigure.composite;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * An entity with one property on Redis and one on memcached.
 *
 * @param id the id
 * @param onRedis the property on Redis
 * @param onMemcached the property on memcached
 */
@CacheEntity
public record Split(@CacheId String id, @CachedProperty(backend = "redis") CachedValue<String> onRedis,
		@CachedProperty(backend = "memcached") CachedValue<String> onMemcached) {
}
