package io.cacheobj.benchmarks;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * {@link BenchUser}'s keys all on memcached.
 */
@CacheEntity(name = "BenchUser")
public class BenchUserMemcached {

	@CacheId
	String id;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p1;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p2;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p3;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p4;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p5;

}
