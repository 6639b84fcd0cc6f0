package io.cacheobj.binding;

import java.util.List;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Objects built by {@link EntityInstantiator}'s composed method handles, both from keys
 * ({@code get}) and from bound properties ({@code load}).
 */
class EntityInstantiatorTests {

	private final CacheObjBinding binding = CacheObjBinding.builder()
		.backend("local", MemoryCacheBackend.builder("local").build(), null)
		.defaultBackend("local")
		.entityTypes(List.of(Child.class, Reordered.class, Failing.class))
		.build();

	private final CacheEntityRepository repository = this.binding.repository();

	@AfterEach
	void close() {
		this.binding.close();
	}

	@Test
	void aSubclassGetsItsIdAndTheFieldsItInheritsAndDeclares() {
		Child written = this.repository.get(Child.class, 7L);
		written.name.set("Ada");
		written.nickname.set("ada");
		written.visits.incrementAndGet();
		for (Child child : List.of(this.repository.get(Child.class, 7L), this.repository.load(Child.class, 7L))) {
			assertThat(child.id).isEqualTo(7L);
			assertThat(child.name.key()).isEqualTo("Child.7.name");
			assertThat(child.nickname.key()).isEqualTo("Child.7.nickname");
			assertThat(child.name.get()).isEqualTo("Ada");
			assertThat(child.nickname.get()).isEqualTo("ada");
			assertThat(child.visits.get()).isEqualTo(1);
		}
	}

	@Test
	void aRecordGetsItsIdAndPropertiesInTheOrderOfItsComponents() {
		this.repository.get(Reordered.class, "x").second().set("two");
		for (Reordered read : List.of(this.repository.get(Reordered.class, "x"),
				this.repository.load(Reordered.class, "x"))) {
			assertThat(read.id()).isEqualTo("x");
			assertThat(read.first().key()).isEqualTo("Reordered.x.first");
			assertThat(read.second().key()).isEqualTo("Reordered.x.second");
			assertThat(read.second().get()).isEqualTo("two");
		}
	}

	@Test
	void aConstructorThatThrowsIsNamedWithWhatItThrew() {
		assertThatIllegalStateException().isThrownBy(() -> this.repository.get(Failing.class, 1))
			.withMessage("Constructor of " + Failing.class.getName() + " failed")
			.withCauseInstanceOf(UnsupportedOperationException.class);
		assertThatIllegalStateException().isThrownBy(() -> this.repository.load(Failing.class, 1))
			.withCauseInstanceOf(UnsupportedOperationException.class);
	}

	static class Parent {

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty
		CachedCounter visits;

	}

	@CacheEntity
	static class Child extends Parent {

		@CacheId
		private Long id;

		@CachedProperty
		private CachedValue<String> nickname;

	}

	@CacheEntity
	record Reordered(@CachedProperty CachedValue<String> first, @CacheId String id,
			@CachedProperty CachedValue<String> second) {
	}

	@CacheEntity
	static class Failing {

		@CacheId
		Integer id;

		@CachedProperty
		CachedValue<String> value;

		Failing() {
			throw new UnsupportedOperationException("no objects of this type");
		}

	}

}
