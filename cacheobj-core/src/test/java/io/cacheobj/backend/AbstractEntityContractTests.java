package io.cacheobj.backend;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheValueException;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.ValueTypes;
import io.cacheobj.testsupport.ValueTypes.Address;
import io.cacheobj.testsupport.ValueTypes.Color;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Entities stored on a real backend: every value type and its stored text, expiry,
 * counters, and values another client wrote. One subclass per remote backend.
 */
public abstract class AbstractEntityContractTests {

	protected String id;

	protected CacheEntityRepository repository;

	/**
	 * Return the backend under test.
	 * @return the backend
	 */
	protected abstract CacheBackend backend();

	/**
	 * Store raw bytes under a key as another client would, bypassing cacheobj.
	 * @param key the key
	 * @param value the bytes
	 */
	protected abstract void writeRaw(String key, byte[] value);

	/**
	 * Read the raw bytes under a key as another client would.
	 * @param key the key
	 * @return the bytes, or {@code null}
	 */
	protected abstract byte[] readRaw(String key);

	@BeforeEach
	void bind() {
		this.id = UUID.randomUUID().toString();
		this.repository = CacheObjBinding.builder()
			.backend("backend", backend(), null)
			.defaultBackend("backend")
			.build()
			.repository();
	}

	@Test
	void everyValueTypeRoundTripsAndIsStoredAsItsText() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		values.text.set("héllo wörld");
		values.number.set(9_007_199_254_740_993L);
		values.small.set(-7);
		values.decimal.set(new BigDecimal("12.50"));
		values.real.set(0.1);
		values.flag.set(true);
		values.color.set(Color.GREEN);
		values.bytes.set(new byte[] { 0, (byte) 0xFF, 10 });
		values.address.set(new Address("Main St", 1));
		values.addresses.set(List.of(new Address("A", 1), new Address("B", 2)));
		values.times.set(Map.of("at", Instant.parse("2026-11-24T10:15:30Z")));
		ValueTypes read = this.repository.get(ValueTypes.class, this.id);
		assertThat(read.text.get()).isEqualTo("héllo wörld");
		assertThat(read.number.get()).isEqualTo(9_007_199_254_740_993L);
		assertThat(read.small.get()).isEqualTo(-7);
		assertThat(read.decimal.get()).isEqualTo(new BigDecimal("12.50"));
		assertThat(read.real.get()).isEqualTo(0.1);
		assertThat(read.flag.get()).isTrue();
		assertThat(read.color.get()).isEqualTo(Color.GREEN);
		assertThat(read.bytes.get()).containsExactly(0, 0xFF, 10);
		assertThat(read.address.get()).isEqualTo(new Address("Main St", 1));
		assertThat(read.addresses.get()).containsExactly(new Address("A", 1), new Address("B", 2));
		assertThat(read.times.get()).containsEntry("at", Instant.parse("2026-11-24T10:15:30Z"));
		assertThat(raw("text")).isEqualTo("héllo wörld");
		assertThat(raw("number")).isEqualTo("9007199254740993");
		assertThat(raw("small")).isEqualTo("-7");
		assertThat(raw("decimal")).isEqualTo("12.50");
		assertThat(raw("real")).isEqualTo("0.1");
		assertThat(raw("flag")).isEqualTo("true");
		assertThat(raw("color")).isEqualTo("GREEN");
		assertThat(readRaw(key("bytes"))).containsExactly(0, 0xFF, 10);
		assertThat(raw("address")).isEqualTo("{\"street\":\"Main St\",\"number\":1}");
		assertThat(raw("addresses")).isEqualTo("[{\"street\":\"A\",\"number\":1},{\"street\":\"B\",\"number\":2}]");
	}

	@Test
	void loadAndLoadAllReadEveryProperty() {
		for (int i = 0; i < 20; i++) {
			ValueTypes values = this.repository.get(ValueTypes.class, this.id + i);
			values.text.set("t" + i);
			values.number.set((long) i);
		}
		ValueTypes one = this.repository.load(ValueTypes.class, this.id + 3);
		assertThat(one.text.getCached()).isEqualTo("t3");
		assertThat(one.number.getCached()).isEqualTo(3L);
		List<String> ids = new ArrayList<>();
		for (int i = 19; i >= 0; i--) {
			ids.add(this.id + i);
		}
		ids.add(this.id + "absent");
		List<ValueTypes> all = this.repository.loadAll(ValueTypes.class, ids);
		assertThat(all).hasSize(21);
		assertThat(all.get(0).text.getCached()).isEqualTo("t19");
		assertThat(all.get(19).number.getCached()).isZero();
		assertThat(all.get(20).text.getCached()).isNull();
		assertThat(this.repository.findById(ValueTypes.class, this.id + "absent")).isEmpty();
		assertThat(this.repository.findById(ValueTypes.class, this.id + 5)).isPresent();
	}

	@Test
	void deleteRemovesEveryProperty() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		values.text.set("x");
		values.counter.incrementAndGet();
		this.repository.delete(ValueTypes.class, this.id);
		assertThat(readRaw(key("text"))).isNull();
		assertThat(readRaw(key("counter"))).isNull();
		assertThat(this.repository.exists(ValueTypes.class, this.id)).isFalse();
	}

	@Test
	void propertyTimeToLiveExpiresTheValue() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		values.brief.set("brief");
		assertThat(values.brief.get()).isEqualTo("brief");
		await().atMost(Duration.ofSeconds(5)).until(() -> values.brief.get() == null);
	}

	@Test
	void countersAreAtomicUnderConcurrency() throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				futures.add(executor.submit(() -> {
					for (int i = 0; i < 200; i++) {
						this.repository.get(ValueTypes.class, this.id).counter.incrementAndGet();
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
		assertThat(this.repository.get(ValueTypes.class, this.id).counter.get()).isEqualTo(1600);
		assertThat(raw("counter")).isEqualTo("1600");
	}

	@Test
	void valueAnotherClientWroteThatDoesNotDecodeIsRefused() {
		writeRaw(key("number"), "not a number".getBytes(StandardCharsets.UTF_8));
		writeRaw(key("address"), "{\"street\":".getBytes(StandardCharsets.UTF_8));
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(values.number::get)
			.withMessageContaining(key("number"))
			.withMessageContaining("java.lang.Long");
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(values.address::get)
			.withMessageContaining(key("address"))
			.withMessageContaining(Address.class.getName());
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> this.repository.load(ValueTypes.class, this.id));
		writeRaw(key("counter"), "abc".getBytes(StandardCharsets.UTF_8));
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(values.counter::incrementAndGet)
			.withMessageContaining(key("counter"));
		assertThat(raw("counter")).isEqualTo("abc");
	}

	@Test
	void idsWithSeparatorsSpacesNewlinesOrGreatLengthStayValidAndApart() {
		String base = this.id;
		List<String> hostile = List.of(base, base + ".text", base + ".text.text", base + " with space",
				base + "\nnew\r\nline", base + "\u0000nul", base + "ünïcødé ☕", base + "x".repeat(5000));
		for (String each : hostile) {
			this.repository.get(ValueTypes.class, each).text.set("value of " + each);
		}
		for (String each : hostile) {
			assertThat(this.repository.get(ValueTypes.class, each).text.get()).isEqualTo("value of " + each);
		}
		List<ValueTypes> loaded = this.repository.loadAll(ValueTypes.class, hostile);
		for (int i = 0; i < hostile.size(); i++) {
			assertThat(loaded.get(i).text.getCached()).isEqualTo("value of " + hostile.get(i));
		}
		this.repository.delete(ValueTypes.class, base + ".text");
		assertThat(this.repository.get(ValueTypes.class, base).text.get()).isEqualTo("value of " + base);
		assertThat(this.repository.get(ValueTypes.class, base + ".text.text").text.get())
			.isEqualTo("value of " + base + ".text.text");
		assertThat(this.repository.exists(ValueTypes.class, base + ".text")).isFalse();
	}

	protected String key(String property) {
		return "ValueTypes." + this.id + "." + property;
	}

	private String raw(String property) {
		byte[] bytes = readRaw(key(property));
		return (bytes != null) ? new String(bytes, StandardCharsets.UTF_8) : null;
	}

}
