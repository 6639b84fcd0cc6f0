package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the {@link CacheObjStore} a {@link CacheObjBinding} gives front-ends other
 * than properties.
 */
class CacheObjStoreTests {

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
	void synchronousAndAsynchronousLoadsOfOneKeyAreOneFlight() {
		CacheObjStore store = this.binding.store("memory", "c::");
		AtomicInteger runs = new AtomicInteger();
		CompletableFuture<String> started = new CompletableFuture<>();
		CompletableFuture<String> first = store.computeIfAbsentAsync("c::k", CacheObjStoreTests::text, () -> {
			runs.incrementAndGet();
			return started;
		}, CacheObjStoreTests::value, null);
		CompletableFuture<String> second = store.computeIfAbsentAsync("c::k", CacheObjStoreTests::text, () -> {
			runs.incrementAndGet();
			return CompletableFuture.completedFuture("second");
		}, CacheObjStoreTests::value, null);
		CompletableFuture<String> sync = CompletableFuture
			.supplyAsync(() -> store.computeIfAbsent("c::k", CacheObjStoreTests::text, () -> {
				runs.incrementAndGet();
				return "sync";
			}, CacheObjStoreTests::value, null));
		started.complete("first");
		assertThat(first.join()).isEqualTo("first");
		assertThat(second.join()).isEqualTo("first");
		assertThat(sync.join()).isEqualTo("first");
		assertThat(runs).hasValue(1);
		assertThat(text(store.get("c::k"))).isEqualTo("first");
		assertThat(
				store.computeIfAbsent("c::k", CacheObjStoreTests::text, () -> "after", CacheObjStoreTests::value, null))
			.isEqualTo("first");
	}

	@Test
	void aLoadReplacesOnlyWhatItsReaderCannotRead() {
		CacheObjStore store = this.binding.store("plain", "c::");
		store.put("c::unreadable", value("?garbage"), null);
		assertThat(store.computeIfAbsent("c::unreadable", CacheObjStoreTests::text, () -> "loaded",
				CacheObjStoreTests::value, null))
			.isEqualTo("loaded");
		assertThat(text(store.get("c::unreadable"))).isEqualTo("loaded");
		assertThat(
				store.computeIfAbsent("c::null", CacheObjStoreTests::text, () -> null, CacheObjStoreTests::value, null))
			.isNull();
		assertThat(store.get("c::null")).isNull();
		assertThat(store
			.computeIfAbsentAsync("c::async", CacheObjStoreTests::text,
					() -> CompletableFuture.completedFuture("async"), CacheObjStoreTests::value, null)
			.join()).isEqualTo("async");
		assertThat(text(store.get("c::async"))).isEqualTo("async");
	}

	@Test
	void putIfAbsentOrGetWritesWhereNothingReadableIsAndElseReadsIt() {
		CacheObjStore store = this.binding.store("plain", "c::");
		assertThat(store.putIfAbsentOrGet("c::a", value("1"), CacheObjStoreTests::text, null)).isNull();
		assertThat(store.putIfAbsentOrGet("c::a", value("2"), CacheObjStoreTests::text, null)).isEqualTo("1");
		store.put("c::b", value("?garbage"), null);
		assertThat(store.putIfAbsentOrGet("c::b", value("3"), CacheObjStoreTests::text, null)).isNull();
		assertThat(text(store.get("c::b"))).isEqualTo("3");
	}

	@Test
	void aPropertyAndAFrontEndLoadingOneKeyShareOneFlight() {
		CacheObjBinding binding = BindingFixtures.binding(MemoryCacheBackend.builder("local").build(),
				MemoryCacheBackend.builder("remote").build());
		CacheObjStore store = binding.store("local", "UserCache.");
		CompletableFuture<String> started = new CompletableFuture<>();
		CompletableFuture<String> frontEnd = store.computeIfAbsentAsync("UserCache.10.username",
				CacheObjStoreTests::text, () -> started,
				(text) -> new StoredValue(text.getBytes(StandardCharsets.UTF_8), PythonFlags.TEXT), null);
		AtomicInteger propertyLoads = new AtomicInteger();
		CompletableFuture<String> property = new CompletableFuture<>();
		Thread loader = new Thread(
				() -> property.complete(binding.repository().get(BindingFixtures.UserCache.class, 10).username
					.computeIfAbsent(() -> "property-" + propertyLoads.incrementAndGet())));
		loader.start();
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> loader.getState() == Thread.State.WAITING);
		started.complete("front-end");
		assertThat(frontEnd.join()).isEqualTo("front-end");
		assertThat(property.join()).isEqualTo("front-end");
		assertThat(propertyLoads).hasValue(0);
		assertThat(binding.repository().get(BindingFixtures.UserCache.class, 10).username.get()).isEqualTo("front-end");
	}

	@Test
	void storeOfAnUnknownBackendIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.binding.store("nowhere", "c::"))
			.withMessageContaining("nowhere");
	}

	/** Reads UTF-8 text, and nothing that starts with {@code ?}. */
	private static @Nullable String text(StoredValue stored) {
		String text = new String(stored.bytes(), StandardCharsets.UTF_8);
		return text.startsWith("?") ? null : text;
	}

	private static StoredValue value(String text) {
		return StoredValue.of(text.getBytes(StandardCharsets.UTF_8));
	}

}
