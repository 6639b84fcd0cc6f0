package io.cacheobj.binding;

import java.time.Duration;
import java.util.Map;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.binding.BindingFixtures.Address;
import io.cacheobj.binding.BindingFixtures.Expiring;
import io.cacheobj.binding.BindingFixtures.UnknownBackend;
import io.cacheobj.binding.BindingFixtures.UserCache;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.assertDefinitionError;
import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PropertyResolver}: a property's backend and time to live,
 * placeholders, and the definitions it refuses.
 */
class PropertyResolverTests extends BindingTestSupport {

	@Test
	void timeToLiveComesFromPropertyElseEntityElseBackend() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.name.set("Name");
		assertThat(this.remote.lastTtl()).isEqualTo(Duration.ofMinutes(10));
		user.address.set(new Address("Main St", 1));
		assertThat(this.remote.lastTtl()).isEqualTo(Duration.ofMinutes(5));
		user.username.set("u");
		assertThat(this.local.lastTtl()).isNull();
		this.repository.get(Expiring.class, 1).value.set("v");
		assertThat(this.local.lastTtl()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void placeholdersInBackendAndTtlAreResolved() {
		Map<String, String> properties = Map.of("app.backend", "remote", "app.ttl", "45s");
		CacheObjBinding placeholders = CacheObjBinding.builder()
			.backend("local", this.local, null)
			.backend("remote", this.remote, null)
			.defaultBackend("local")
			.placeholderResolver((text) -> {
				String name = text.substring(2, text.length() - 1);
				if (!properties.containsKey(name)) {
					throw new IllegalArgumentException("Could not resolve placeholder '" + name + "'");
				}
				return properties.get(name);
			})
			.build();
		placeholders.repository().get(Placeheld.class, 1).value.set("v");
		assertThat(this.remote.calls()).containsExactly("set Placeheld.1.value");
		assertThat(this.remote.lastTtl()).isEqualTo(Duration.ofSeconds(45));
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> placeholders.repository().get(Unresolvable.class, 1))
			.withMessageContaining("${app.missing}")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("${my.backend:local}"));
	}

	@Test
	void unknownBackendIsRefusedNamingFieldAndBackends() {
		assertDefinitionError(this.repository, UnknownBackend.class, "uses backend 'nowhere', which does not exist",
				UnknownBackend.class.getName() + ".value", "cacheobj.backends.nowhere");
	}

	@Test
	void propertyWithoutBackendWhenThereIsNoDefaultIsRefused() {
		CacheObjBinding noDefault = CacheObjBinding.builder()
			.backend("a", this.local, null)
			.backend("b", this.remote, null)
			.build();
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> noDefault.repository().get(Expiring.class, 1))
			.withMessageContaining("names no backend")
			.satisfies((ex) -> assertThat(ex.getAction()).contains("cacheobj.default-backend"));
	}

	@Test
	void unsupportedFieldTypeIsRefused() {
		assertDefinitionError(this.repository, WrongType.class, "neither CachedValue nor CachedCounter",
				"java.lang.String", "CachedValue<String>");
	}

	@Test
	void rawCachedValueIsRefused() {
		assertDefinitionError(this.repository, RawValue.class, "does not declare the type of its value",
				"CachedValue<String>");
	}

	@Test
	void unparsableTimeToLiveIsRefused() {
		assertDefinitionError(this.repository, BadTtl.class, "Time to live 'ten minutes'", "cannot be parsed",
				"30s, 10m");
	}

	@Test
	void nonPositiveTimeToLiveIsRefused() {
		assertDefinitionError(this.repository, ZeroTtl.class, "'0s'", "is not positive");
	}

	@Test
	void propertyKeyWithADotIsRefused() {
		assertDefinitionError(this.repository, DottedKey.class, "has key 'a.b'", "last segment");
	}

	@Test
	void staticFieldIsRefused() {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> this.binding.bindFields(new StaticField(), StaticField.class))
			.withMessageContaining("is static");
	}

	@CacheEntity
	static class Placeheld {

		@CachedProperty(backend = "${app.backend}", ttl = "${app.ttl}")
		CachedValue<String> value;

	}

	@CacheEntity
	static class Unresolvable {

		@CachedProperty(backend = "${app.missing}")
		CachedValue<String> value;

	}

	@CacheEntity
	static class WrongType {

		@CachedProperty
		String value;

	}

	@CacheEntity
	static class RawValue {

		@SuppressWarnings("rawtypes")
		@CachedProperty
		CachedValue value;

	}

	@CacheEntity
	static class BadTtl {

		@CachedProperty(ttl = "ten minutes")
		CachedValue<String> value;

	}

	@CacheEntity
	static class ZeroTtl {

		@CachedProperty(ttl = "0s")
		CachedValue<String> value;

	}

	@CacheEntity
	static class DottedKey {

		@CachedProperty(key = "a.b")
		CachedValue<String> value;

	}

	static class StaticField {

		@CachedProperty
		static CachedCounter shared;

	}

}
