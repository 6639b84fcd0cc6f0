package io.cacheobj.backend;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheValueException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The rules every {@link CacheBackend} meets; one subclass per backend runs them against
 * that backend.
 */
public abstract class AbstractCacheBackendContractTests {

	private String prefix;

	/**
	 * Return the backend under test; it may be shared by every test, as keys differ.
	 * @return the backend
	 */
	protected abstract CacheBackend backend();

	/**
	 * Let time pass for the backend's expiry: a fake clock moves, a real server waits.
	 * @param duration how long
	 */
	protected void elapse(Duration duration) {
	}

	/**
	 * Whether the backend keeps the flags of a value.
	 * @return {@code true} when flags are stored
	 */
	protected boolean storesFlags() {
		return true;
	}

	/**
	 * Whether a counter can go below zero.
	 * @return {@code true} when it can
	 */
	protected boolean countsBelowZero() {
		return true;
	}

	@BeforeEach
	void newKeyPrefix() {
		this.prefix = "contract." + UUID.randomUUID() + ".";
	}

	protected String key(String name) {
		return this.prefix + name;
	}

	@Test
	void absentKeyReadsAsNull() {
		assertThat(backend().get(key("absent"))).isNull();
	}

	@Test
	void valueIsReadBackByteForByte() {
		byte[] bytes = new byte[256];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = (byte) i;
		}
		backend().set(key("bytes"), StoredValue.of(bytes), null);
		assertThat(backend().get(key("bytes")).bytes()).isEqualTo(bytes);
	}

	@Test
	void emptyValueIsStoredAndDistinctFromAbsent() {
		backend().set(key("empty"), StoredValue.of(new byte[0]), null);
		assertThat(backend().get(key("empty"))).isNotNull().extracting(StoredValue::bytes).isEqualTo(new byte[0]);
	}

	@Test
	void setReplacesTheValue() {
		backend().set(key("k"), text("one"), null);
		backend().set(key("k"), text("two"), null);
		assertText(backend().get(key("k")), "two");
	}

	@Test
	void flagsAreKeptWhereTheBackendStoresThem() {
		backend().set(key("flagged"), new StoredValue(bytes("10"), 2), null);
		assertThat(backend().get(key("flagged")).flags()).isEqualTo(storesFlags() ? 2 : 0);
	}

	@Test
	void getAllReturnsPresentKeysOnly() {
		backend().set(key("a"), text("A"), null);
		backend().set(key("c"), text("C"), null);
		Map<String, StoredValue> values = backend().getAll(List.of(key("a"), key("b"), key("c")));
		assertThat(values).containsOnlyKeys(key("a"), key("c"));
		assertText(values.get(key("a")), "A");
		assertText(values.get(key("c")), "C");
	}

	@Test
	void getAllOfNoKeysIsEmpty() {
		assertThat(backend().getAll(List.of())).isEmpty();
	}

	@Test
	void getAllToleratesRepeatedKeys() {
		backend().set(key("a"), text("A"), null);
		assertThat(backend().getAll(List.of(key("a"), key("a")))).containsOnlyKeys(key("a"));
	}

	@Test
	void getAllOfManyKeysReturnsEveryOne() {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			keys.add(key("many." + i));
			if (i % 2 == 0) {
				backend().set(key("many." + i), text("v" + i), null);
			}
		}
		Map<String, StoredValue> values = backend().getAll(keys);
		assertThat(values).hasSize(1250);
		assertText(values.get(key("many.2498")), "v2498");
	}

	@Test
	void getAllInOrderAnswersEachKeyAtItsPosition() {
		backend().set(key("a"), text("A"), null);
		backend().set(key("c"), text("C"), null);
		List<StoredValue> values = backend().getAllInOrder(List.of(key("c"), key("b"), key("a"), key("c")));
		assertThat(values).hasSize(4);
		assertText(values.get(0), "C");
		assertThat(values.get(1)).isNull();
		assertText(values.get(2), "A");
		assertText(values.get(3), "C");
		assertThat(backend().getAllInOrder(List.of())).isEmpty();
	}

	@Test
	void getAllInOrderAsyncAnswersEachKeyAtItsPosition() {
		backend().set(key("a"), text("A"), null);
		List<StoredValue> values = backend().getAllInOrderAsync(List.of(key("b"), key("a"))).join();
		assertThat(values).hasSize(2);
		assertThat(values.get(0)).isNull();
		assertText(values.get(1), "A");
		assertThat(backend().getAllInOrderAsync(List.of()).join()).isEmpty();
	}

	@Test
	void getAllInOrderOfManyKeysKeepsTheirOrder() {
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			keys.add(key("ordered." + i));
			if (i % 3 == 0) {
				backend().set(key("ordered." + i), text("v" + i), null);
			}
		}
		List<StoredValue> values = backend().getAllInOrder(keys);
		assertThat(values).hasSize(2500);
		for (int i = 0; i < 2500; i++) {
			if (i % 3 == 0) {
				assertText(values.get(i), "v" + i);
			}
			else {
				assertThat(values.get(i)).isNull();
			}
		}
		assertThat(backend().getAllInOrderAsync(keys).join()).isEqualTo(values);
	}

	@Test
	void deleteTellsWhetherAValueWasDeleted() {
		backend().set(key("d"), text("x"), null);
		assertThat(backend().delete(key("d"))).isTrue();
		assertThat(backend().delete(key("d"))).isFalse();
		assertThat(backend().get(key("d"))).isNull();
	}

	@Test
	void deleteAllCountsDeletedValues() {
		backend().set(key("x"), text("x"), null);
		backend().set(key("y"), text("y"), null);
		assertThat(backend().deleteAll(List.of(key("x"), key("y"), key("z")))).isEqualTo(2);
		assertThat(backend().getAll(List.of(key("x"), key("y")))).isEmpty();
		assertThat(backend().deleteAll(List.of())).isZero();
	}

	@Test
	void incrementCreatesTheCounterAtZero() {
		assertThat(backend().increment(key("n"), 5, null)).isEqualTo(5);
		assertThat(backend().increment(key("n"), 3, null)).isEqualTo(8);
		assertThat(new String(backend().get(key("n")).bytes(), StandardCharsets.US_ASCII)).isEqualTo("8");
	}

	@Test
	void incrementReadsADecimalWrittenBySet() {
		backend().set(key("n"), new StoredValue(bytes("41"), 2), null);
		assertThat(backend().increment(key("n"), 1, null)).isEqualTo(42);
	}

	@Test
	void negativeDeltaDecrements() {
		backend().set(key("n"), text("10"), null);
		assertThat(backend().increment(key("n"), -4, null)).isEqualTo(6);
		if (countsBelowZero()) {
			assertThat(backend().increment(key("n"), -10, null)).isEqualTo(-4);
		}
	}

	@Test
	void incrementOfTextIsRefused() {
		backend().set(key("text"), text("abc"), null);
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> backend().increment(key("text"), 1, null))
			.withMessageContaining(key("text"));
		assertText(backend().get(key("text")), "abc");
	}

	@Test
	void concurrentIncrementsAreAtomic() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < 250; i++) {
						backend().increment(key("hits"), 1, null);
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(backend().increment(key("hits"), 0, null)).isEqualTo(2000);
	}

	@Test
	void valueExpiresAfterItsTimeToLive() {
		backend().set(key("ttl"), text("soon gone"), Duration.ofSeconds(1));
		assertText(backend().get(key("ttl")), "soon gone");
		elapse(Duration.ofMillis(2500));
		await().atMost(Duration.ofSeconds(5)).until(() -> backend().get(key("ttl")) == null);
	}

	@Test
	void setWithoutTimeToLiveClearsAnEarlierOne() {
		backend().set(key("ttl"), text("one"), Duration.ofSeconds(1));
		backend().set(key("ttl"), text("two"), null);
		elapse(Duration.ofMillis(2500));
		await().during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(4))
			.until(() -> hasText(backend().get(key("ttl")), "two"));
	}

	@Test
	void counterCreatedWithTimeToLiveExpires() {
		backend().increment(key("expiring"), 1, Duration.ofSeconds(1));
		assertThat(backend().increment(key("expiring"), 1, Duration.ofSeconds(1))).isEqualTo(2);
		elapse(Duration.ofMillis(2500));
		await().atMost(Duration.ofSeconds(5)).until(() -> backend().get(key("expiring")) == null);
	}

	protected static void assertText(StoredValue value, String text) {
		assertThat(value).isNotNull();
		assertThat(new String(value.bytes(), StandardCharsets.UTF_8)).isEqualTo(text);
	}

	private static boolean hasText(StoredValue value, String text) {
		return value != null && new String(value.bytes(), StandardCharsets.UTF_8).equals(text);
	}

	protected static StoredValue text(String text) {
		return new StoredValue(bytes(text), 16);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
