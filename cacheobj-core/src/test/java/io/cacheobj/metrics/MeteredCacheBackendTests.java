package io.cacheobj.metrics;

import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MeteredCacheBackend}.
 */
class MeteredCacheBackendTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CacheBackend backend = CacheObjMetrics.decorate("local", MemoryCacheBackend.builder("local").build(),
			this.registry);

	@Test
	void everyOperationIsTimedWithItsOutcome() {
		this.backend.set("a", StoredValue.of(new byte[] { 1 }), null);
		this.backend.get("a");
		this.backend.get("a");
		this.backend.get("missing");
		this.backend.getAll(List.of("a", "b", "c"));
		this.backend.increment("n", 1, null);
		this.backend.delete("a");
		this.backend.deleteAll(List.of("x", "y"));
		assertThat(count("get", "hit")).isEqualTo(2);
		assertThat(count("get", "miss")).isEqualTo(1);
		assertThat(count("bulk-get", "success")).isEqualTo(1);
		assertThat(count("set", "success")).isEqualTo(1);
		assertThat(count("increment", "success")).isEqualTo(1);
		assertThat(count("delete", "success")).isEqualTo(2);
		assertThat(this.registry.get(CacheObjMetrics.BULK_SIZE).tag("operation", "bulk-get").summary().totalAmount())
			.isEqualTo(3);
		assertThat(this.registry.get(CacheObjMetrics.BULK_SIZE).tag("operation", "delete").summary().totalAmount())
			.isEqualTo(2);
	}

	@Test
	void aBulkReadByPositionIsTimedAsOneBulkGet() {
		this.backend.set("a", StoredValue.of(new byte[] { 1 }), null);
		assertThat(this.backend.getAllInOrder(List.of("a", "b"))).hasSize(2);
		assertThat(this.backend.getAllInOrderAsync(List.of("a", "b", "c")).join()).hasSize(3);
		assertThat(count("bulk-get", "success")).isEqualTo(2);
		assertThat(
				this.registry.get(MeteredCacheBackend.BULK_SIZE).tag("operation", "bulk-get").summary().totalAmount())
			.isEqualTo(5);
	}

	@Test
	void failuresAreTimedAsErrorsAndRethrown() {
		CacheBackend broken = CacheObjMetrics.decorate("broken",
				new RecordingCacheBackend(MemoryCacheBackend.builder("b").build()) {

					@Override
					public StoredValue get(String key) {
						throw new CacheBackendException("down", null);
					}

				}, this.registry);
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> broken.get("k"));
		assertThat(this.registry.get(CacheObjMetrics.TIMER)
			.tags("backend", "broken", "operation", "get", "outcome", "error")
			.timer()
			.count()).isEqualTo(1);
	}

	private long count(String operation, String outcome) {
		return this.registry.get(CacheObjMetrics.TIMER)
			.tags("backend", "local", "operation", operation, "outcome", outcome)
			.timer()
			.count();
	}

}
