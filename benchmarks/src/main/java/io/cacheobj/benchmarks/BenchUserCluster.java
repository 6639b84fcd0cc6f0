package io.cacheobj.benchmarks;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * {@link BenchUser}'s keys on a Redis Cluster when the benchmarks run with one (backend
 * {@code cluster}), else on the standalone server's plain backend.
 */
@CacheEntity(name = "BenchUser", backend = "${bench.cluster-backend:plain}")
public class BenchUserCluster {

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
