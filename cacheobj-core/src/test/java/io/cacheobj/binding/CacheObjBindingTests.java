package io.cacheobj.binding;

import java.util.List;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.binding.BindingFixtures.Stats;
import io.cacheobj.binding.BindingFixtures.UnknownBackend;
import io.cacheobj.binding.invalid.WrongFieldType;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheObjBinding}: its builder, the binding of any bean's fields, and
 * the checks it makes when it builds.
 */
class CacheObjBindingTests extends BindingTestSupport {

	@Test
	void keyPrefixEntityNameAndPropertyKeyAreApplied() {
		CacheObjBinding prefixed = CacheObjBinding.builder()
			.backend("local", this.local, null)
			.defaultBackend("local")
			.keyPrefix("app:")
			.build();
		Renamed renamed = prefixed.repository().get(Renamed.class, "x");
		assertThat(renamed.value.key()).isEqualTo("app:people.x.full_name");
	}

	@Test
	void fieldsOfAnyObjectAreBoundWithTheClassNameAsKeyBase() {
		Stats stats = new Stats();
		assertThat(this.binding.bindFields(stats, Stats.class)).isTrue();
		assertThat(stats.visits.key()).isEqualTo("Stats.visits");
		assertThat(stats.visits.incrementAndGet()).isEqualTo(1);
		assertThat(this.remote.calls()).containsExactly("increment Stats.visits");
	}

	@Test
	void objectWithoutPropertiesIsLeftAlone() {
		assertThat(this.binding.bindFields(new Object(), Object.class)).isFalse();
	}

	@Test
	void entityTypesGivenToTheBuilderAreCheckedWhenItBuilds() {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> CacheObjBinding.builder()
				.backend("local", this.local, null)
				.defaultBackend("local")
				.entityTypes(List.of(UnknownBackend.class))
				.build())
			.withMessageContaining("nowhere");
	}

	@Test
	void aFieldOfAnUnsupportedTypeIsNamedWithItsType() {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> CacheObjBinding.builder()
				.backend("local", this.local, null)
				.entityTypes(List.of(WrongFieldType.class))
				.build())
			.withMessageContaining("io.cacheobj.binding.invalid.WrongFieldType.count")
			.withMessageContaining("java.lang.Integer");
	}

	@Test
	void defaultBackendMustBeAmongTheBackends() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> CacheObjBinding.builder().backend("a", this.local, null).defaultBackend("b").build())
			.withMessageContaining("'b'");
	}

	@CacheEntity(name = "people")
	static class Renamed {

		@CachedProperty(key = "full_name")
		CachedValue<String> value;

	}

}
