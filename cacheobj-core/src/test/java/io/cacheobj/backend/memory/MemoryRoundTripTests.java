package io.cacheobj.backend.memory;

import java.util.Map;

import io.cacheobj.backend.AbstractRoundTripTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.testsupport.CountingCacheBackend;

/**
 * The round-trip table of a memory backend, counted by a decorator: one backend call per
 * path, none for a near-cache hit.
 */
class MemoryRoundTripTests extends AbstractRoundTripTests {

	private static final CacheBackendDecorator COUNTING = (name, backend) -> new CountingCacheBackend(backend);

	private final CountingCacheBackend backend = (CountingCacheBackend) COUNTING.decorate("memory",
			MemoryCacheBackend.builder("memory").build());

	@Override
	protected String topology() {
		return "memory";
	}

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

	@Override
	protected Map<String, Long> commands() {
		return this.backend.calls();
	}

	@Override
	protected Map<String, Expected> expected(Path path) {
		return switch (path) {
			case GET, COUNTER_GET -> Map.of("get", exactly(1));
			case NEAR_CACHE_GET -> Map.of();
			case LOAD_1, LOAD_ALL_1, LOAD_ALL_100, LOAD_ALL_1000 -> Map.of("getAllInOrder", exactly(1));
			case COMPOSITE_LOAD -> Map.of("getAllInOrderAsync", exactly(1), "other:getAllInOrder", exactly(1));
			case BATCH_1, BATCH_500, BATCH_5000 -> Map.of("writeAll", exactly(1));
			case INCREMENT -> Map.of("increment", exactly(1));
			case COMPARE_AND_SET -> Map.of("compareAndSet", exactly(1));
			case CACHEABLE_HIT -> Map.of("get", exactly(1));
			case CACHEABLE_MISS -> Map.of("get", exactly(1), "set", exactly(1));
			case CACHE_CLEAR -> Map.of("deleteByPrefix", exactly(1));
		};
	}

}
