package io.cacheobj.autoconfigure.cache;

import java.util.List;

import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.cache.CacheObjCacheManager;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinderCompatibilityKit;

import org.springframework.cache.Cache.ValueWrapper;

/**
 * Micrometer's own compatibility kit for cache meter binders, run against
 * {@link CacheObjCacheMetrics}.
 */
class CacheObjCacheMetricsCompatibilityTests extends CacheMeterBinderCompatibilityKit<CacheObjCache> {

	@Override
	public CacheObjCache createCache() {
		CacheObjBinding binding = CacheObjBinding.builder()
			.backend("memory", MemoryCacheBackend.builder("memory").build(), null)
			.defaultBackend("memory")
			.build();
		return (CacheObjCache) CacheObjCacheManager.builder(binding)
			.cache("mycache", null, null, true)
			.trustedPackages(List.of())
			.build()
			.getCache("mycache");
	}

	@Override
	public CacheMeterBinder<CacheObjCache> binder() {
		return new CacheObjCacheMetrics(this.cache, Tags.empty());
	}

	@Override
	public void put(String key, String value) {
		this.cache.put(key, value);
	}

	@Override
	public String get(String key) {
		ValueWrapper value = this.cache.get(key);
		return (value != null) ? (String) value.get() : null;
	}

}
