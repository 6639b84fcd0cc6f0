package io.cacheobj.sample;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * The cached properties of a user, stored under {@code UserCache.<id>.<property>} as the
 * Python library stores them. Each property names a backend by its role; the active
 * profile's configuration says where each role lives.
 */
@CacheEntity
public class UserCache {

	@CacheId
	Long id;

	@CachedProperty
	CachedValue<String> username;

	@CachedProperty(backend = "names")
	CachedValue<String> name;

	@CachedProperty(backend = "counters")
	CachedCounter logins;

}
