package io.cacheobj.autoconfigure.cache;

import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.cache.CacheObjCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Micrometer's cache meters of a {@link CacheObjCache}: {@code cache.gets} by result,
 * {@code cache.puts} and {@code cache.evictions}, plus {@code cache.near.hits} (the hits
 * of the near cache of its backend, shared with the backend's other caches and
 * properties) and {@code cache.decode.errors}, tagged {@code reason}
 * ({@code untrusted-type}: a value of a type outside the trusted packages;
 * {@code undecodable}: another client's text, foreign or truncated JSON). Its size is
 * unknown: a remote cache is not counted.
 */
final class CacheObjCacheMetrics extends CacheMeterBinder<CacheObjCache> {

	private final @Nullable NearCacheStatistics nearCache;

	private final String backend;

	CacheObjCacheMetrics(CacheObjCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.nearCache = cache.getNearCache();
		this.backend = cache.getBackendName();
	}

	@Override
	protected @Nullable Long size() {
		return null;
	}

	@Override
	protected long hitCount() {
		CacheObjCache cache = getCache();
		return (cache != null) ? cache.getHitCount() : 0;
	}

	@Override
	protected Long missCount() {
		CacheObjCache cache = getCache();
		return (cache != null) ? cache.getMissCount() : 0L;
	}

	@Override
	protected Long evictionCount() {
		CacheObjCache cache = getCache();
		return (cache != null) ? cache.getEvictionCount() : 0L;
	}

	@Override
	protected long putCount() {
		CacheObjCache cache = getCache();
		return (cache != null) ? cache.getPutCount() : 0;
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		CacheObjCache cache = getCache();
		if (cache == null) {
			return;
		}
		FunctionCounter.builder("cache.decode.errors", cache, CacheObjCache::getUntrustedTypeCount)
			.tags(getTagsWithCacheName())
			.tag("reason", "untrusted-type")
			.description("Stored values that did not decode or named an untrusted type, each read as a miss")
			.register(registry);
		FunctionCounter.builder("cache.decode.errors", cache, CacheObjCache::getUndecodableCount)
			.tags(getTagsWithCacheName())
			.tag("reason", "undecodable")
			.description("Stored values that did not decode or named an untrusted type, each read as a miss")
			.register(registry);
		NearCacheStatistics nearCache = this.nearCache;
		if (nearCache != null) {
			FunctionCounter.builder("cache.near.hits", nearCache, NearCacheStatistics::hits)
				.tags(getTagsWithCacheName())
				.tag("backend", this.backend)
				.description("Reads the near cache of the cache's backend served, for every cache and property "
						+ "on that backend")
				.register(registry);
		}
	}

}
