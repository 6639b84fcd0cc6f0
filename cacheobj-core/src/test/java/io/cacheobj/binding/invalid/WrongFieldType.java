package io.cacheobj.binding.invalid;

import io.cacheobj.CacheEntity;
import io.cacheobj.CachedProperty;

/**
 * An entity with a field type cacheobj cannot bind, found by scanning this package.
 */
@CacheEntity
public class WrongFieldType {

	@CachedProperty
	Integer count;

}
