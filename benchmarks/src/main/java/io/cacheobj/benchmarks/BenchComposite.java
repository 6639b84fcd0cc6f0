package io.cacheobj.benchmarks;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * {@link BenchUser}'s keys spread over two backends: three properties on Redis, two on
 * memcached.
 */
@CacheEntity(name = "BenchUser")
public class BenchComposite {

	@CacheId
	String id;

	@CachedProperty(backend = "plain")
	CachedValue<String> p1;

	@CachedProperty(backend = "plain")
	CachedValue<String> p2;

	@CachedProperty(backend = "plain")
	CachedValue<String> p3;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p4;

	@CachedProperty(backend = "memcached")
	CachedValue<String> p5;

}
