package io.cacheobj.plain;

import java.time.Duration;
import java.util.List;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * cacheobj from plain Java: a repository built from a backend the application made
 * itself, with no Spring Boot class on the classpath.
 */
class PlainJavaTests {

	@Test
	void springBootIsNotOnTheClasspath() {
		assertThatExceptionOfType(ClassNotFoundException.class)
			.isThrownBy(() -> Class.forName("org.springframework.boot.SpringApplication"));
	}

	@Test
	void repositoryOfABackendMadeByHandWritesAndReadsPropertiesAndCounters() {
		MemoryCacheBackend memory = MemoryCacheBackend.builder("local").build();
		try (CacheObjBinding binding = CacheObjBinding.builder()
			.backend("local", memory, Duration.ofMinutes(10))
			.defaultBackend("local")
			.entityTypes(List.of(User.class))
			.build()) {
			CacheEntityRepository repository = binding.repository();
			User user = repository.get(User.class, 42);
			user.name.set("Ada");
			user.address.set(new Address("London", "NW1"));
			assertThat(user.visits.incrementAndGet()).isEqualTo(1);
			assertThat(user.visits.addAndGet(2)).isEqualTo(3);

			User read = repository.get(User.class, 42);
			assertThat(read.id).isEqualTo(42);
			assertThat(read.name.key()).isEqualTo("User.42.name");
			assertThat(read.name.get()).isEqualTo("Ada");
			assertThat(read.address.get()).isEqualTo(new Address("London", "NW1"));
			assertThat(read.visits.get()).isEqualTo(3);
			assertThat(memory.get("User.42.name")).isNotNull();
			assertThat(repository.get(User.class, 7).name.get()).isNull();
		}
	}

	@CacheEntity
	static class User {

		@CacheId
		Integer id;

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty
		CachedValue<Address> address;

		@CachedProperty
		CachedCounter visits;

	}

	record Address(String city, String postcode) {
	}

}
