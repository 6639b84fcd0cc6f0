package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.CacheBackend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Entities and a binding that several tests of this package share.
 */
final class BindingFixtures {

	private BindingFixtures() {
	}

	/**
	 * Return a binding with two backends, {@code local} (the default, no time to live)
	 * and {@code remote} (five minutes).
	 * @param local the local backend
	 * @param remote the remote backend
	 * @return the binding
	 */
	static CacheObjBinding binding(CacheBackend local, CacheBackend remote) {
		return CacheObjBinding.builder()
			.backend("local", local, null)
			.backend("remote", remote, Duration.ofMinutes(5))
			.defaultBackend("local")
			.build();
	}

	/**
	 * Assert that getting an object of a type is refused, the message and action together
	 * containing every fragment.
	 * @param repository the repository
	 * @param type the type
	 * @param fragments what the message or the action says
	 */
	static void assertDefinitionError(CacheEntityRepository repository, Class<?> type, String... fragments) {
		assertThatExceptionOfType(CacheEntityDefinitionException.class).isThrownBy(() -> repository.get(type, 1))
			.satisfies((ex) -> assertThat(ex.getMessage() + " " + ex.getAction()).contains(fragments));
	}

	@CacheEntity
	static class UserCache {

		@CacheId
		Long id;

		@CachedProperty
		CachedValue<String> username;

		@CachedProperty(backend = "remote", ttl = "10m")
		CachedValue<String> name;

		@CachedProperty
		CachedCounter logins;

		@CachedProperty(backend = "remote")
		CachedValue<Address> address;

		@CachedProperty(backend = "remote")
		CachedValue<List<Address>> tags;

	}

	record Address(String street, int number) {

	}

	@CacheEntity
	record Profile(@CacheId String id, @CachedProperty CachedValue<String> bio) {

	}

	@CacheEntity(ttl = "30s")
	static class Expiring {

		@CachedProperty
		CachedValue<String> value;

	}

	static class Stats {

		@CachedProperty(backend = "remote")
		CachedCounter visits;

	}

	@CacheEntity
	static class UnknownBackend {

		@CachedProperty(backend = "nowhere")
		CachedValue<String> value;

	}

}
