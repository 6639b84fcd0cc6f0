package io.cacheobj.autoconfigure.threads;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * An entity with a value and a counter on each kind of backend.
 *
 * @param id the id
 * @param local a value in memory
 * @param localCount a counter in memory
 * @param redis a value on Redis
 * @param redisCount a counter on Redis
 * @param memcached a value on memcached
 * @param memcachedCount a counter on memcached
 */
@CacheEntity
public record ThreadsEntity(@CacheId String id, @CachedProperty(backend = "local") CachedValue<String> local,
		@CachedProperty(backend = "local") CachedCounter localCount,
		@CachedProperty(backend = "redis") CachedValue<String> redis,
		@CachedProperty(backend = "redis") CachedCounter redisCount,
		@CachedProperty(backend = "memcached") CachedValue<String> memcached,
		@CachedProperty(backend = "memcached") CachedCounter memcachedCount) {

}
