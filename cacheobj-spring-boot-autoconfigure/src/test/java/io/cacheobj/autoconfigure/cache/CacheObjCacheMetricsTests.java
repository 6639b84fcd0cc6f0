package io.cacheobj.autoconfigure.cache;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.cache.CacheObjCacheManager;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjCacheMetrics}.
 */
class CacheObjCacheMetricsTests {

	@Test
	void decodeErrorsAreCountedByReason() {
		CacheBackend backend = MemoryCacheBackend.builder("memory").build();
		CacheObjBinding binding = CacheObjBinding.builder().backend("memory", backend, null).build();
		CacheObjCache cache = (CacheObjCache) CacheObjCacheManager.builder(binding)
			.defaultBackend("memory")
			.trustedPackages(List.of())
			.build()
			.getCache("products");
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new CacheObjCacheMetrics(cache, Tags.empty()).bindTo(registry);
		backend.set("products::1", StoredValue.of("plain".getBytes(StandardCharsets.UTF_8)), null);
		backend.set("products::2", StoredValue.of("[\"com.example.Old\",{}]".getBytes(StandardCharsets.UTF_8)), null);
		backend.set("products::3", StoredValue.of("[\"com.example.Old\",{}]".getBytes(StandardCharsets.UTF_8)), null);
		assertThat(cache.get(1L)).isNull();
		assertThat(cache.get(2L)).isNull();
		assertThat(cache.get(3L)).isNull();
		assertThat(registry.get("cache.decode.errors")
			.tag("cache", "products")
			.tag("reason", "undecodable")
			.functionCounter()
			.count()).isEqualTo(1);
		assertThat(registry.get("cache.decode.errors")
			.tag("cache", "products")
			.tag("reason", "untrusted-type")
			.functionCounter()
			.count()).isEqualTo(2);
		binding.close();
	}

}
