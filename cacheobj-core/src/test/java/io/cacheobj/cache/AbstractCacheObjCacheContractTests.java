package io.cacheobj.cache;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidatingCacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheFixtures.Basket;
import io.cacheobj.cache.CacheFixtures.Colour;
import io.cacheobj.cache.CacheFixtures.Order;
import io.cacheobj.cache.CacheFixtures.Product;
import io.cacheobj.hostile.GadgetProbe;
import io.cacheobj.outside.Parcel;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The contract of Spring's {@link Cache} that every {@link CacheObjCache} meets, whatever
 * its backend: what Spring's own cache tests check, and cacheobj's key and value rules.
 */
public abstract class AbstractCacheObjCacheContractTests {

	private CacheObjBinding binding;

	private CacheObjCacheManager manager;

	private String name;

	private CacheObjCache cache;

	private CacheObjCache strict;

	/**
	 * Return the backend under test, shared by the tests of the class.
	 * @return the backend
	 */
	protected abstract CacheBackend backend();

	/**
	 * Return whether the backend has a near cache, new for each test, which the backend
	 * invalidates when it can.
	 * @return whether it is near-cached
	 */
	protected boolean nearCached() {
		return false;
	}

	/**
	 * Return whether the backend clears by namespace version, as memcached does.
	 * @return whether it is versioned
	 */
	protected boolean versioned() {
		return false;
	}

	@BeforeEach
	void createCaches() {
		CacheObjBinding.Builder builder = CacheObjBinding.builder().backend("store", backend(), null);
		if (nearCached()) {
			Duration lease = Duration.ofSeconds(1);
			InvalidationSource source = (backend() instanceof InvalidatingCacheBackend invalidating)
					? invalidating.invalidations(lease) : null;
			builder.nearCache("store", 10_000, Duration.ofMinutes(1), lease, source);
		}
		this.binding = builder.defaultBackend("store").keyPrefix("t:").build();
		this.name = "c" + UUID.randomUUID().toString().substring(0, 8);
		CacheObjCacheManager.Builder managerBuilder = CacheObjCacheManager.builder(this.binding)
			.trustedPackages(List.of("io.cacheobj.cache"))
			.cache(this.name, null, null, true)
			.cache(this.name + "-strict", null, Duration.ofMinutes(5), false);
		if (versioned()) {
			managerBuilder.namespaceVersioned("store");
		}
		this.manager = managerBuilder.build();
		this.cache = (CacheObjCache) this.manager.getCache(this.name);
		this.strict = (CacheObjCache) this.manager.getCache(this.name + "-strict");
	}

	@AfterEach
	void closeBinding() {
		this.cache.clear();
		this.strict.clear();
		this.binding.close();
	}

	@Test
	void cacheHasItsNameAndItsBackendAsNativeCache() {
		assertThat(this.cache.getName()).isEqualTo(this.name);
		assertThat(this.cache.getNativeCache()).isSameAs(this.binding.backends().get("store"));
		assertThat(this.manager.getCacheNames()).contains(this.name, this.name + "-strict");
	}

	@Test
	void missingKeyReadsAsNull() {
		assertThat(this.cache.get("absent")).isNull();
		assertThat(this.cache.get("absent", String.class)).isNull();
	}

	@Test
	void putThenGetReturnsEqualValuesOfTheSameTypes() {
		Product product = new Product(7, "kettle", new BigDecimal("19.90"), LocalDate.of(2024, 2, 29), Colour.RED);
		Map<String, Object> attributes = new LinkedHashMap<>();
		attributes.put("count", 3L);
		attributes.put("small", 3);
		attributes.put("when", LocalDate.of(2025, 1, 1));
		attributes.put("product", product);
		Map<Object, Object> values = new LinkedHashMap<>();
		values.put("text", "plain text");
		values.put("bracketed", "[not json]");
		values.put("long", 42L);
		values.put("int", 42);
		values.put("decimal", new BigDecimal("1.50"));
		values.put("date", LocalDate.of(2024, 5, 1));
		values.put("enum", Colour.GREEN);
		values.put("record", product);
		values.put("records", new ArrayList<>(List.of(product, product)));
		values.put("immutable", List.of(product));
		values.put("map", new HashMap<>(attributes));
		values.put("order", new Order("o1", List.of(product), attributes));
		values.put("set", Set.of(1L, 2L));
		values.put("uuid", UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962"));
		values.forEach((key, value) -> this.cache.put(key, value));
		values.forEach((key, value) -> {
			ValueWrapper read = this.cache.get(key);
			assertThat(read).as(key.toString()).isNotNull();
			assertThat(read.get()).as(key.toString()).isEqualTo(value);
			if (!value.getClass().getName().startsWith("java.util.ImmutableCollections")) {
				assertThat(read.get().getClass()).as(key.toString()).isEqualTo(value.getClass());
			}
		});
		Basket basket = new Basket();
		basket.setOwner("ann");
		basket.setItems(List.of(product, 5L));
		this.cache.put("basket", basket);
		Basket read = this.cache.get("basket", Basket.class);
		assertThat(read.getOwner()).isEqualTo("ann");
		assertThat(read.getItems()).containsExactly(product, 5L);
	}

	@Test
	void aNearCacheHitReturnsTheValueDecodedAtTheCopysFirstHitUntilTheValueChanges() {
		Product product = new Product(7, "kettle", new BigDecimal("19.90"), LocalDate.of(2024, 2, 29), Colour.RED);
		this.cache.put("shared", product);
		Object first = this.cache.get("shared").get();
		assertThat(first).isEqualTo(product);
		if (nearCached()) {
			// The server's notice of the put itself may still drop the first copy.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				Object kept = this.cache.get("shared").get();
				assertThat(this.cache.get("shared").get()).as("decoded once per near-cache copy").isSameAs(kept);
			});
		}
		Product changed = new Product(8, "kettle", new BigDecimal("21.00"), LocalDate.of(2024, 3, 1), Colour.RED);
		this.cache.put("shared", changed);
		assertThat(this.cache.get("shared").get()).isEqualTo(changed).isNotSameAs(first);
	}

	@Test
	void typedGetRefusesAValueOfAnotherType() {
		this.cache.put("k", 42L);
		assertThat(this.cache.get("k", Long.class)).isEqualTo(42L);
		assertThat(this.cache.get("k", Object.class)).isEqualTo(42L);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.cache.get("k", String.class));
	}

	@Test
	void plainTextAnotherClientWroteReadsAsTheRequestedTypeAndIsAMissWithoutOne() {
		backend().set(storedKey(this.cache, "n"), StoredValue.of("42".getBytes(StandardCharsets.UTF_8)), null);
		assertThat(this.cache.get("n", Long.class)).isEqualTo(42L);
		assertThat(this.cache.get("n", String.class)).isEqualTo("42");
		assertThat(this.cache.get("n")).isNull();
		assertThat(this.cache.get("n", Object.class)).isNull();
		assertThat(this.cache.getUndecodableCount()).isEqualTo(2);
	}

	@Test
	void jsonAnotherLanguageWroteReadsAsTheRequestedTypeWithoutTypeNames() {
		String json = "{\"owner\":\"ann\",\"items\":[\"kettle\",\"toaster\"],\"extra\":1}";
		backend().set(storedKey(this.cache, "b"), StoredValue.of(json.getBytes(StandardCharsets.UTF_8)), null);
		Basket basket = this.cache.get("b", Basket.class);
		assertThat(basket).isNotNull();
		assertThat(basket.getOwner()).isEqualTo("ann");
		assertThat(basket.getItems()).containsExactly("kettle", "toaster");
		assertThat(this.cache.get("b")).isNull();
	}

	@Test
	void everyValueIsStoredInAFormThatNamesItsType() {
		this.cache.put("s", "plain text");
		this.cache.put("l", 42L);
		this.cache.put("p", new Product(7, "kettle", new BigDecimal("19.90"), LocalDate.of(2024, 2, 29), Colour.RED));
		assertThat(text(backend().get(storedKey(this.cache, "s")))).isEqualTo("[\"java.lang.String\",\"plain text\"]");
		assertThat(text(backend().get(storedKey(this.cache, "l")))).isEqualTo("[\"java.lang.Long\",42]");
		assertThat(text(backend().get(storedKey(this.cache, "p"))))
			.startsWith("[\"io.cacheobj.cache.CacheFixtures$Product\",{");
	}

	@Test
	void anythingElseUnderTheKeyIsAMissForEveryUntypedReadAndTheLoadersValueReplacesIt() throws Exception {
		Map<String, byte[]> garbage = new LinkedHashMap<>();
		garbage.put("text", "plain text from another client".getBytes(StandardCharsets.UTF_8));
		garbage.put("number", "42".getBytes(StandardCharsets.UTF_8));
		garbage.put("nul", "\u0000not json{".getBytes(StandardCharsets.UTF_8));
		garbage.put("truncated", "[\"java.lang.String\",\"cut".getBytes(StandardCharsets.UTF_8));
		garbage.put("foreign", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
		garbage.put("sdr",
				"{\"@class\":\"io.cacheobj.cache.CacheFixtures$Product\",\"id\":1}".getBytes(StandardCharsets.UTF_8));
		garbage.put("jdk", new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 3, 'a', 'b', 'c' });
		garbage.put("untrusted",
				"[\"io.cacheobj.outside.Parcel\",{\"id\":1,\"label\":\"x\"}]".getBytes(StandardCharsets.UTF_8));
		for (Map.Entry<String, byte[]> entry : garbage.entrySet()) {
			for (String read : List.of("get", "sync", "retrieve", "retrieveWithLoader")) {
				String key = entry.getKey() + "-" + read;
				backend().set(storedKey(this.cache, key), StoredValue.of(entry.getValue()), null);
				Object value = switch (read) {
					case "get" -> this.cache.get(key);
					case "sync" -> this.cache.get(key, () -> "loaded");
					case "retrieve" -> this.cache.retrieve(key).get(10, TimeUnit.SECONDS);
					default -> this.cache.retrieve(key, () -> CompletableFuture.completedFuture("loaded"))
						.get(10, TimeUnit.SECONDS);
				};
				if (read.equals("get") || read.equals("retrieve")) {
					assertThat(value).as(key).isNull();
				}
				else {
					assertThat(value).as(key).isEqualTo("loaded");
					assertThat(this.cache.get(key).get()).as(key).isEqualTo("loaded");
				}
			}
		}
		assertThat(this.cache.getUntrustedTypeCount()).as("one form, read four ways").isBetween(4L, 6L);
		assertThat(this.cache.getUndecodableCount()).as("seven forms, read four ways").isBetween(28L, 42L);
	}

	@Test
	void putOfAnUntrustedTypeFailsNamingTheTypeTheCacheAndTheSettingAndStoresNothing() {
		this.cache.put("p", "earlier");
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> this.cache.put("p", new Parcel(1, "outside")))
			.withMessageContaining("io.cacheobj.outside.Parcel")
			.withMessageContaining("'" + this.name + "'")
			.withMessageContaining("cacheobj.spring-cache.trusted-packages");
		assertThat(backend().get(storedKey(this.cache, "p"))).as("the earlier value is evicted").isNull();
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> this.cache.put("l", new ArrayList<>(List.of(new Parcel(2, "nested")))))
			.withMessageContaining("java.util.ArrayList")
			.withMessageContaining("io.cacheobj.outside.Parcel");
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> this.cache.get("s", () -> new Parcel(3, "loaded")))
			.withMessageContaining("io.cacheobj.outside.Parcel");
		assertThat(backend().get(storedKey(this.cache, "l"))).isNull();
		assertThat(backend().get(storedKey(this.cache, "s"))).isNull();
		assertThat(this.cache.getPutCount()).isEqualTo(1);
	}

	@Test
	void loadThroughSettlesOnTheValueAnotherWriterStoredWhileTheLoaderRan() throws Exception {
		byte[] winner = "[\"java.lang.String\",\"the other JVM's\"]".getBytes(StandardCharsets.UTF_8);
		assertThat(this.cache.get("sync", () -> {
			backend().set(storedKey(this.cache, "sync"), StoredValue.of(winner), null);
			return "mine";
		})).isEqualTo("the other JVM's");
		assertThat(this.cache.retrieve("async", () -> {
			backend().set(storedKey(this.cache, "async"), StoredValue.of(winner), null);
			return CompletableFuture.completedFuture("mine");
		}).get(10, TimeUnit.SECONDS)).isEqualTo("the other JVM's");
		assertThat(this.cache.get("sync").get()).isEqualTo("the other JVM's");
		assertThat(this.cache.get("async").get()).isEqualTo("the other JVM's");
	}

	@Test
	void keysAreStoredUnderTheCacheNameAsText() {
		this.cache.put(42L, "answer");
		this.cache.put(new SimpleKey("a", 1, Colour.RED), "joined");
		assertThat(backend().get(storedKey(this.cache, "42"))).isNotNull();
		assertThat(backend().get(storedKey(this.cache, "a,1,RED"))).isNotNull();
		if (!versioned()) {
			assertThat(storedKey(this.cache, "42")).isEqualTo("t:" + this.name + "::42");
		}
		assertThat(this.cache.get("42").get()).isEqualTo("answer");
	}

	@Test
	void simpleKeysWhosePartsHoldTheSeparatorOrNullStayApart() {
		this.cache.put(new SimpleKey("a,b", "c"), "first");
		this.cache.put(new SimpleKey("a", "b,c"), "second");
		this.cache.put(new SimpleKey("x", null), "null part");
		this.cache.put(new SimpleKey("x", "null"), "null text");
		this.cache.put("a,b,c", "one string");
		assertThat(this.cache.get(new SimpleKey("a,b", "c")).get()).isEqualTo("first");
		assertThat(this.cache.get(new SimpleKey("a", "b,c")).get()).isEqualTo("second");
		assertThat(this.cache.get(new SimpleKey("x", null)).get()).isEqualTo("null part");
		assertThat(this.cache.get(new SimpleKey("x", "null")).get()).isEqualTo("null text");
		assertThat(this.cache.get("a,b,c").get()).isEqualTo("one string");
		assertThat(backend().get(storedKey(this.cache, "a\\,b,c"))).isNotNull();
		assertThat(backend().get(storedKey(this.cache, "x,\\N"))).isNotNull();
		this.cache.put(new BigDecimal("1E+3"), "thousand");
		assertThat(backend().get(storedKey(this.cache, "1000"))).isNotNull();
	}

	@Test
	void keysWithoutStableTextAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.put(new Object(), "x"))
			.withMessageContaining("java.lang.Object")
			.withMessageContaining("key = \"#p.id\"");
		assertThatIllegalArgumentException().isThrownBy(() -> this.cache.get(new Basket()));
	}

	@Test
	void nullIsStoredWhenAllowed() {
		this.cache.put("nothing", null);
		ValueWrapper read = this.cache.get("nothing");
		assertThat(read).isNotNull();
		assertThat(read.get()).isNull();
		assertThat(text(backend().get(storedKey(this.cache, "nothing")))).isEqualTo("[null]");
		assertThat(this.cache.get("nothing", () -> "loaded")).isNull();
	}

	@Test
	void nullIsRefusedWhenNotAllowed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.strict.put("nothing", null))
			.withMessageContaining("allow-null-values");
		assertThat(this.strict.get("nothing")).isNull();
		assertThat(this.strict.isAllowNullValues()).isFalse();
		assertThat(this.strict.getTtl()).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void putIfAbsentKeepsTheValueStoredFirst() {
		assertThat(this.cache.putIfAbsent("k", "first")).isNull();
		ValueWrapper existing = this.cache.putIfAbsent("k", "second");
		assertThat(existing).isNotNull();
		assertThat(existing.get()).isEqualTo("first");
		assertThat(this.cache.get("k").get()).isEqualTo("first");
	}

	@Test
	void evictIfPresentIsImmediateAndTellsWhetherItRemoved() {
		this.cache.put("k", "v");
		assertThat(this.cache.get("k")).isNotNull();
		assertThat(this.cache.evictIfPresent("k")).isTrue();
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.evictIfPresent("k")).isFalse();
		this.cache.put("k", "v");
		this.cache.evict("k");
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	void invalidateAndClearRemoveThisCachesEntriesAtOnceAndNoOtherCaches() {
		for (int i = 0; i < 2500; i++) {
			this.cache.put(i, "v" + i);
		}
		this.strict.put(1, "kept");
		assertThat(this.cache.get(1)).isNotNull();
		boolean removed = this.cache.invalidate();
		assertThat(removed).isEqualTo(!versioned());
		assertThat(this.cache.get(1)).isNull();
		assertThat(this.cache.get(2499)).isNull();
		assertThat(this.strict.get(1).get()).isEqualTo("kept");
		this.cache.put(1, "again");
		this.cache.clear();
		assertThat(this.cache.get(1)).isNull();
		assertThat(this.strict.get(1).get()).isEqualTo("kept");
	}

	@Test
	void getWithLoaderRunsTheLoaderOnceAcrossTenThreads() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(10);
		try {
			List<Future<Object>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return this.cache.get("loaded", () -> {
						calls.incrementAndGet();
						Thread.sleep(200);
						return 99L;
					});
				}));
			}
			start.countDown();
			for (Future<Object> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).isEqualTo(99L);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(calls).hasValue(1);
		assertThat(this.cache.get("loaded").get()).isEqualTo(99L);
	}

	@Test
	void getWithLoaderReturnsTheStoredValueWithoutCallingTheLoader() {
		this.cache.put("k", "stored");
		Callable<String> loader = () -> {
			throw new IllegalStateException("not called");
		};
		assertThat(this.cache.get("k", loader)).isEqualTo("stored");
	}

	@Test
	void getWithLoaderWrapsTheLoadersFailure() {
		IllegalStateException failure = new IllegalStateException("boom");
		assertThatExceptionOfType(Cache.ValueRetrievalException.class).isThrownBy(() -> this.cache.get("k", () -> {
			throw failure;
		})).withCause(failure);
		assertThat(this.cache.get("k")).isNull();
	}

	@Test
	void retrieveWithoutLoaderCompletesWithTheValueOrNull() throws Exception {
		assertThat(this.cache.retrieve("k").get(10, TimeUnit.SECONDS)).isNull();
		this.cache.put("k", 5L);
		Object read = this.cache.retrieve("k").get(10, TimeUnit.SECONDS);
		assertThat(read).isInstanceOf(ValueWrapper.class);
		assertThat(((ValueWrapper) read).get()).isEqualTo(5L);
		this.strict.put("k", 6L);
		assertThat(this.strict.retrieve("k").get(10, TimeUnit.SECONDS)).isEqualTo(6L);
	}

	@Test
	void retrieveWithLoaderLoadsOnceAndStores() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CompletableFuture<Long> first = this.cache.retrieve("k",
				() -> CompletableFuture.supplyAsync(() -> 10L + calls.incrementAndGet()));
		assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(11L);
		CompletableFuture<Long> second = this.cache.retrieve("k",
				() -> CompletableFuture.supplyAsync(() -> 10L + calls.incrementAndGet()));
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(11L);
		assertThat(calls).hasValue(1);
		CompletableFuture<Long> failed = this.cache.retrieve("f",
				() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
			.withRootCauseInstanceOf(IllegalStateException.class);
	}

	@Test
	void aValueThatDoesNotDecodeIsAMissAndTheNextValueReplacesIt() {
		String key = storedKey(this.cache, "k");
		backend().set(key, StoredValue.of("[\"io.cacheobj.cache.Missing\", {}]".getBytes(StandardCharsets.UTF_8)),
				null);
		assertThat(this.cache.get("k")).isNull();
		assertThat(this.cache.get("k", () -> "fresh")).isEqualTo("fresh");
		assertThat(this.cache.get("k").get()).isEqualTo("fresh");
		assertThat(this.cache.getDecodeErrorCount()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void aValueNamingAnUntrustedTypeIsNeverInstantiated() {
		int before = GadgetProbe.CONSTRUCTIONS.get() + GadgetProbe.INITIALIZATIONS.get();
		backend().set(storedKey(this.cache, "g"),
				StoredValue.of("[\"io.cacheobj.hostile.Gadget\", {}]".getBytes(StandardCharsets.UTF_8)), null);
		backend().set(storedKey(this.cache, "n"), StoredValue
			.of("[\"java.util.ArrayList\",[\"java.util.ArrayList\",[{\"@class\":\"io.cacheobj.hostile.Gadget\"}]]]"
				.getBytes(StandardCharsets.UTF_8)), null);
		assertThat(this.cache.get("g")).isNull();
		assertThat(this.cache.get("n")).isNull();
		assertThat(GadgetProbe.CONSTRUCTIONS.get() + GadgetProbe.INITIALIZATIONS.get()).isEqualTo(before);
		assertThat(this.cache.getDecodeErrorCount()).isEqualTo(2);
	}

	@Test
	void statisticsCountHitsMissesPutsAndEvictions() {
		this.cache.put("k", "v");
		this.cache.get("k");
		this.cache.get("absent");
		this.cache.evict("k");
		assertThat(this.cache.getPutCount()).isEqualTo(1);
		assertThat(this.cache.getHitCount()).isEqualTo(1);
		assertThat(this.cache.getMissCount()).isEqualTo(1);
		assertThat(this.cache.getEvictionCount()).isEqualTo(1);
	}

	/**
	 * Return the key an entry is stored under, as another client finds it.
	 */
	private String storedKey(CacheObjCache cache, String keyText) {
		if (!versioned()) {
			return "t:" + cache.getName() + "::" + keyText;
		}
		cache.get("__probe__");
		StoredValue version = backend().get("t:" + cache.getName() + "::#v");
		return "t:" + cache.getName() + "::" + text(version) + "::" + keyText;
	}

	private static @Nullable String text(@Nullable StoredValue value) {
		return (value != null) ? new String(value.bytes(), StandardCharsets.UTF_8) : null;
	}

}
