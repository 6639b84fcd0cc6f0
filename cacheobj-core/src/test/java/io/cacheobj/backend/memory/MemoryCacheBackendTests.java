package io.cacheobj.backend.memory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.backend.AbstractCacheBackendContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link MemoryCacheBackend}.
 */
class MemoryCacheBackendTests extends AbstractCacheBackendContractTests {

	private final AtomicLong nanos = new AtomicLong();

	private final MemoryCacheBackend backend = MemoryCacheBackend.builder("memory").ticker(this.nanos::get).build();

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

	@Override
	protected void elapse(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@Test
	void deleteByPrefixDeletesTheMatchingValuesAndAnEmptyPrefixEveryValue() {
		this.backend.set("a.1", text("1"), null);
		this.backend.set("a.2", text("2"), null);
		this.backend.set("b.1", text("3"), null);
		assertThat(this.backend.deleteByPrefix("a.")).isEqualTo(2);
		assertThat(this.backend.get("b.1")).isNotNull();
		this.backend.set("a.1", text("1"), null);
		assertThat(this.backend.deleteByPrefix("")).isEqualTo(2);
		assertThat(this.backend.getAll(List.of("a.1", "b.1"))).isEmpty();
	}

	@Test
	void keysByPrefixListsTheLiveMatchingKeys() {
		this.backend.set("a.1", text("1"), null);
		this.backend.set("a.2", text("2"), Duration.ofSeconds(1));
		this.backend.set("b.1", text("3"), null);
		assertThat(this.backend.keysByPrefix("a.")).containsExactlyInAnyOrder("a.1", "a.2");
		elapse(Duration.ofSeconds(2));
		assertThat(this.backend.keysByPrefix("a.")).containsExactly("a.1");
		assertThat(this.backend.keysByPrefix("")).containsExactlyInAnyOrder("a.1", "b.1");
	}

	@Test
	void valueLivesUntilItsTimeToLiveEndsExactly() {
		this.backend.set("k", text("v"), Duration.ofSeconds(10));
		elapse(Duration.ofSeconds(9));
		assertThat(this.backend.get("k")).isNotNull();
		elapse(Duration.ofSeconds(1));
		assertThat(this.backend.get("k")).isNull();
	}

	@Test
	void expiredValuesAreNeitherReadInBulkNorCountedAsDeleted() {
		this.backend.set("a", text("a"), Duration.ofSeconds(1));
		this.backend.set("b", text("b"), null);
		elapse(Duration.ofSeconds(2));
		assertThat(this.backend.getAll(List.of("a", "b"))).containsOnlyKeys("b");
		assertThat(this.backend.delete("a")).isFalse();
		assertThat(this.backend.increment("a", 2, null)).isEqualTo(2);
	}

	@Test
	void incrementKeepsTheExpiryOfAnExistingCounter() {
		this.backend.increment("n", 1, Duration.ofSeconds(10));
		elapse(Duration.ofSeconds(6));
		this.backend.increment("n", 1, Duration.ofSeconds(10));
		elapse(Duration.ofSeconds(5));
		assertThat(this.backend.get("n")).isNull();
	}

	@Test
	void sizeIsBounded() {
		MemoryCacheBackend small = MemoryCacheBackend.builder("small").maximumSize(10).build();
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			keys.add("k" + i);
			small.set("k" + i, StoredValue.of(new byte[] { 1 }), null);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> small.getAll(keys).size() <= 10);
	}

	@Test
	void negativeMaximumSizeIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> MemoryCacheBackend.builder("m").maximumSize(-1))
			.withMessageContaining("-1");
	}

}
