package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CacheValueException;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code on-decode-error} policy that {@link BackendStore} applies to every
 * read of a property, by {@link BoundValue}, {@link BoundCounter} and the repository.
 */
@ExtendWith(OutputCaptureExtension.class)
class DecodeErrorPolicyTests {

	private static final StoredValue GARBAGE = StoredValue.of("\u0080not json{".getBytes(StandardCharsets.ISO_8859_1));

	private final RecordingCacheBackend missing = new RecordingCacheBackend(MemoryCacheBackend.builder("m").build());

	private final RecordingCacheBackend throwing = new RecordingCacheBackend(MemoryCacheBackend.builder("t").build());

	private final CacheObjBinding binding = CacheObjBinding.builder()
		.backend("miss", this.missing, null)
		.missOnDecodeError("miss")
		.backend("throw", this.throwing, null)
		.build();

	private final CacheEntityRepository repository = this.binding.repository();

	@Test
	void garbageReadsAsAbsentIsLoggedOnceCountedAndStaysStored(CapturedOutput output) {
		this.missing.set("Tolerant.1.address", GARBAGE, null);
		this.missing.clear();
		Tolerant tolerant = this.repository.get(Tolerant.class, 1);
		assertThat(tolerant.address.get()).isNull();
		assertThat(tolerant.address.get()).isNull();
		assertThat(tolerant.address.getCached()).isNull();
		assertThat(this.repository.load(Tolerant.class, 1).address.getCached()).isNull();
		assertThat(this.repository.loadAll(Tolerant.class, List.of(1, 2)))
			.allSatisfy((loaded) -> assertThat(loaded.address.getCached()).isNull());
		assertThat(this.missing.get("Tolerant.1.address")).isEqualTo(GARBAGE);
		assertThat(this.missing.calls()).noneMatch((call) -> call.startsWith("set") || call.startsWith("delete"));
		assertThat(this.binding.decodeErrors("miss")).isEqualTo(4);
		assertThat(this.binding.decodeErrors("throw")).isZero();
		assertThat(output.getAll().split("Tolerant.1.address", -1)).hasSize(2);
		assertThat(output).contains("WARN", "on-decode-error=miss", "stays stored");
	}

	@Test
	void counterThatIsNotAnIntegerReadsAsZero() {
		this.missing.set("Tolerant.1.visits", GARBAGE, null);
		assertThat(this.repository.get(Tolerant.class, 1).visits.get()).isZero();
		assertThat(this.binding.decodeErrors("miss")).isEqualTo(1);
	}

	@Test
	void findByIdFindsAnEntityWhoseOnlyValueDoesNotDecode() {
		this.missing.set("Tolerant.1.address", GARBAGE, null);
		assertThat(this.repository.findById(Tolerant.class, 1))
			.hasValueSatisfying((found) -> assertThat(found.address.getCached()).isNull());
	}

	@Test
	void throwPolicyRaisesAndCountsTheError() {
		this.throwing.set("Strict.1.address", GARBAGE, null);
		Strict strict = this.repository.get(Strict.class, 1);
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(strict.address::get)
			.withMessageContaining("Strict.1.address");
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> this.repository.load(Strict.class, 1));
		assertThat(this.binding.decodeErrors("throw")).isEqualTo(2);
		assertThat(this.throwing.get("Strict.1.address")).isEqualTo(GARBAGE);
	}

	@Test
	void writeAfterAMissReplacesTheValueAsAnyWriteDoes() {
		this.missing.set("Tolerant.1.address", GARBAGE, null);
		Tolerant tolerant = this.repository.get(Tolerant.class, 1);
		assertThat(tolerant.address.get()).isNull();
		tolerant.address.set(new Address("Main", 1));
		assertThat(this.repository.get(Tolerant.class, 1).address.get()).isEqualTo(new Address("Main", 1));
	}

	@Test
	void computeIfAbsentReplacesAValueThatDoesNotDecodeOnce() {
		MemoryCacheBackend memory = MemoryCacheBackend.builder("m").build();
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("miss", memory, null)
			.missOnDecodeError("miss")
			.build()
			.repository();
		memory.set("Tolerant.1.address", GARBAGE, null);
		AtomicInteger loads = new AtomicInteger();
		for (int call = 0; call < 3; call++) {
			assertThat(repository.get(Tolerant.class, 1).address.computeIfAbsent(() -> {
				loads.incrementAndGet();
				return new Address("Main", 1);
			})).isEqualTo(new Address("Main", 1));
		}
		assertThat(loads).hasValue(1);
		assertThat(repository.get(Tolerant.class, 1).address.get()).isEqualTo(new Address("Main", 1));
		assertThat(memory.get("Tolerant.1.address")).isNotEqualTo(GARBAGE);
	}

	@CacheEntity(backend = "miss")
	static class Tolerant {

		@CacheId
		Integer id;

		@CachedProperty
		CachedValue<Address> address;

		@CachedProperty
		CachedCounter visits;

	}

	@CacheEntity(backend = "throw")
	static class Strict {

		@CachedProperty
		CachedValue<Address> address;

	}

	record Address(String street, int number) {

	}

}
