package io.cacheobj.benchmarks;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * {@link BenchUser}'s keys on a backend without near cache, for the starter's plain
 * reads.
 */
@CacheEntity(name = "BenchUser", backend = "plain")
public class BenchUserPlain {

	@CacheId
	String id;

	@CachedProperty
	CachedValue<String> p1;

	@CachedProperty
	CachedValue<String> p2;

	@CachedProperty
	CachedValue<String> p3;

	@CachedProperty
	CachedValue<String> p4;

	@CachedProperty
	CachedValue<String> p5;

}
