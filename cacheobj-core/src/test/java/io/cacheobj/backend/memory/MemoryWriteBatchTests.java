package io.cacheobj.backend.memory;

import io.cacheobj.backend.AbstractWriteBatchTests;
import io.cacheobj.backend.CacheBackend;

/**
 * The batch scenario on the memory backend, which applies every write at once.
 */
class MemoryWriteBatchTests extends AbstractWriteBatchTests {

	private final CacheBackend backend = MemoryCacheBackend.builder("memory").maximumSize(200_000).build();

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

}
