package com.example.users;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

@CacheEntity
public class UserCache {

	@CacheId
	Long id;

	@CachedProperty(backend = "local")
	public CachedValue<String> username;

	@CachedProperty(backend = "redis", ttl = "10m")
	public CachedValue<Address> address;

	@CachedProperty(backend = "sessions")
	public CachedCounter logins;

	public record Address(String city, int zip) {
	}

}
