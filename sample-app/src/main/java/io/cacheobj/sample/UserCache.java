package io.cacheobj.sample;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * The cached properties of a user, stored under {@code UserCache.<id>.<property>} as the
 * Python library stores them. Each property's backend comes from the active profile
 * ({@code sample.backends.*}), so one class serves the memory, Redis, memcached and
 * composite set-ups.
 */
@CacheEntity
public class UserCache {

	@CacheId
	Long id;

	@CachedProperty(backend = "${sample.backends.username}")
	CachedValue<String> username;

	@CachedProperty(backend = "${sample.backends.name}", ttl = "${sample.name-ttl}")
	CachedValue<String> name;

	@CachedProperty(backend = "${sample.backends.logins}")
	CachedCounter logins;

}
