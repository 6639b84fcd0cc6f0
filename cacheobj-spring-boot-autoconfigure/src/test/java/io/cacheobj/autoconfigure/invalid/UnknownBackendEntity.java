package io.cacheobj.autoconfigure.invalid;

import io.cacheobj.CacheEntity;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * An entity naming a backend that no test configures.
 */
@CacheEntity
public class UnknownBackendEntity {

	@CachedProperty(backend = "nowhere")
	CachedValue<String> value;

}
