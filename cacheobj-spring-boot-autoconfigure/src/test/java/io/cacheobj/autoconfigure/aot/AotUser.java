package io.cacheobj.autoconfigure.aot;

import java.util.List;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * A class entity found by the AOT processor.
 */
@CacheEntity
public class AotUser {

	@CacheId
	Long id;

	@CachedProperty
	CachedValue<String> name;

	@CachedProperty
	CachedCounter logins;

	@CachedProperty
	CachedValue<List<AotAddress>> addresses;

	AotUser() {
	}

}
