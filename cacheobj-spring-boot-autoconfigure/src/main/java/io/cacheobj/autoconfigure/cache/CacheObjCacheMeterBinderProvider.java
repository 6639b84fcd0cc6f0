package io.cacheobj.autoconfigure.cache;

import io.cacheobj.cache.CacheObjCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Gives Boot's cache metrics the meters of {@link CacheObjCache}s.
 */
final class CacheObjCacheMeterBinderProvider implements CacheMeterBinderProvider<CacheObjCache> {

	@Override
	public MeterBinder getMeterBinder(CacheObjCache cache, Iterable<Tag> tags) {
		return new CacheObjCacheMetrics(cache, tags);
	}

}
