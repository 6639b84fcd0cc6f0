package com.example.shop;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

@CacheEntity
public class CartCache {

	@CacheId
	Long id;

	@CachedProperty(backend = "redis", ttl = "30m")
	public CachedValue<String> owner;

	@CachedProperty(backend = "sessions")
	public CachedCounter items;

	@CachedProperty
	public CachedValue<String> note;

}
