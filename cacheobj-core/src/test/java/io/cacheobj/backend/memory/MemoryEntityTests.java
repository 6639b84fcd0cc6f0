package io.cacheobj.backend.memory;

import io.cacheobj.backend.AbstractAtomicEntityContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;

/**
 * Entities on the memory backend, held to the same rules as on the remote ones.
 */
class MemoryEntityTests extends AbstractAtomicEntityContractTests {

	private final MemoryCacheBackend backend = MemoryCacheBackend.builder("memory").build();

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

	@Override
	protected void writeRaw(String key, byte[] value) {
		this.backend.set(key, StoredValue.of(value), null);
	}

	@Override
	protected byte[] readRaw(String key) {
		StoredValue value = this.backend.get(key);
		return (value != null) ? value.bytes() : null;
	}

}
