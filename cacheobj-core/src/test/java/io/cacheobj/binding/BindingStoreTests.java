package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@link CacheObjStore} a {@link CacheObjBinding} gives front-ends other
 * than properties.
 */
class BindingStoreTests {

	private final CacheObjBinding binding = CacheObjBinding.builder()
		.backend("memory", MemoryCacheBackend.builder("memory").build(), null)
		.nearCache("memory", 100, Duration.ofMinutes(1), Duration.ofSeconds(1), null)
		.backend("plain", MemoryCacheBackend.builder("plain").build(), null)
		.build();

	@Test
	void storeReadsWritesAndCleansItsKeysThroughTheNearCache() {
		CacheObjStore store = this.binding.store("memory", "c::");
		assertThat(store.backendName()).isEqualTo("memory");
		assertThat(store.statistics()).isNotNull();
		assertThat(store.putIfAbsent("c::a", value("1"), null)).isTrue();
		assertThat(store.putIfAbsent("c::a", value("2"), null)).isFalse();
		assertThat(store.replace("c::a", value("9"), value("3"), null)).isFalse();
		assertThat(store.replace("c::a", value("1"), value("3"), null)).isTrue();
		assertThat(store.get("c::a").bytes()).isEqualTo(value("3").bytes());
		assertThat(store.retrieve("c::a").join().bytes()).isEqualTo(value("3").bytes());
		store.store("c::b", value("4"), null).join();
		store.put("c::c", value("5"), null);
		assertThat(store.evict("c::c")).isTrue();
		assertThat(store.evict("c::c")).isFalse();
		assertThat(store.increment("c::n", 2, null)).isEqualTo(2);
		assertThat(store.clean("c::")).isEqualTo(3);
		assertThat(store.get("c::a")).isNull();
		assertThat(store.get("c::b")).isNull();
		assertThat(this.binding.store("plain", "c::").statistics()).isNull();
	}

	@Test
	void synchronousAndAsynchronousFlightsOfOneKeyAreOneFlight() {
		CacheObjStore store = this.binding.store("memory", "c::");
		AtomicInteger runs = new AtomicInteger();
		CompletableFuture<String> started = new CompletableFuture<>();
		CompletableFuture<String> first = store.flightAsync("c::k", () -> {
			runs.incrementAndGet();
			return started;
		});
		CompletableFuture<String> second = store.flightAsync("c::k", () -> {
			runs.incrementAndGet();
			return CompletableFuture.completedFuture("second");
		});
		CompletableFuture<String> sync = CompletableFuture.supplyAsync(() -> store.flight("c::k", () -> {
			runs.incrementAndGet();
			return "sync";
		}));
		started.complete("first");
		assertThat(first.join()).isEqualTo("first");
		assertThat(second.join()).isEqualTo("first");
		assertThat(sync.join()).isIn("first", "sync");
		assertThat(store.flight("c::k", () -> "after")).isEqualTo("after");
	}

	@Test
	void storeOfAnUnknownBackendIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.binding.store("nowhere", "c::"))
			.withMessageContaining("nowhere");
	}

	private static StoredValue value(String text) {
		return StoredValue.of(text.getBytes(StandardCharsets.UTF_8));
	}

}
