package io.cacheobj.benchmarks;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * The benchmarks' object: five string properties of 16 bytes, keys
 * {@code BenchUser.<id>.p1} to {@code p5}.
 */
@CacheEntity
public class BenchUser {

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
