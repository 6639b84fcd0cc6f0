package io.cacheobj.binding.invalid;

import io.cacheobj.CacheEntity;
import io.cacheobj.CachedProperty;

/**
 * An entity with a field type cacheobj cannot bind.
 */
@CacheEntity
public class WrongFieldType {

	@CachedProperty
	Integer count;

}
