package io.cacheobj.autoconfigure.failoverignored;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * An item on the backend named {@code ha-ignored}, whose failures are ignored.
 *
 * @param id the id
 * @param value the value
 */
@CacheEntity(backend = "ha-ignored")
public record IgnoredItem(@CacheId String id, @CachedProperty CachedValue<String> value) {

}
