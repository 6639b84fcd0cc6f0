package io.cacheobj.autoconfigure.valid;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * A valid entity, found by scanning this package.
 *
 * @param id the id
 * @param text the greeting
 */
@CacheEntity
public record Greeting(@CacheId String id, @CachedProperty CachedValue<String> text) {

}
