package io.cacheobj.cache;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;

/**
 * The {@link CacheObjCache} contract on the memory backend.
 */
class MemoryCacheObjCacheTests extends AbstractCacheObjCacheContractTests {

	private final CacheBackend backend = MemoryCacheBackend.builder("memory").build();

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

}
