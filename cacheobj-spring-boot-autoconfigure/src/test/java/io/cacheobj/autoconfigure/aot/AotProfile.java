package io.cacheobj.autoconfigure.aot;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * A record entity found by the AOT processor.
 *
 * @param id the id
 * @param bio the biography
 */
@CacheEntity
public record AotProfile(@CacheId String id, @CachedProperty CachedValue<String> bio) {

}
