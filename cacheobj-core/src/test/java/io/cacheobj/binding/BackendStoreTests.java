package io.cacheobj.binding;

import java.time.Duration;
import java.util.Map;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.BindingFixtures.Expiring;
import io.cacheobj.binding.BindingFixtures.UserCache;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BackendStore}: what a backend's failure becomes, thrown or ignored,
 * for every kind of property.
 */
class BackendStoreTests {

	@Test
	void failureOfABackendThatThrowsItsOwnExceptionIsReportedAsCacheBackendException() {
		CacheBackend broken = new RecordingCacheBackend(MemoryCacheBackend.builder("x").build()) {

			@Override
			public StoredValue get(String key) {
				throw new IllegalStateException("connection reset");
			}

		};
		CacheObjBinding binding = CacheObjBinding.builder()
			.backend("broken", broken, null)
			.defaultBackend("broken")
			.build();
		assertThatExceptionOfType(CacheBackendException.class)
			.isThrownBy(() -> binding.repository().get(Expiring.class, 1).value.get())
			.withMessageContaining("'broken'")
			.withMessageContaining("'Expiring.1.value'")
			.withMessageContaining("connection reset");
	}

	@Test
	void ignoredFailuresActAsMissesAndWritesGoOn() {
		RecordingCacheBackend broken = new RecordingCacheBackend(MemoryCacheBackend.builder("x").build()) {

			@Override
			public StoredValue get(String key) {
				throw new CacheBackendException("down", null);
			}

			@Override
			public Map<String, StoredValue> getAll(java.util.Collection<String> keys) {
				throw new CacheBackendException("down", null);
			}

			@Override
			public void set(String key, StoredValue value, Duration ttl) {
				throw new CacheBackendException("down", null);
			}

			@Override
			public long increment(String key, long delta, Duration ttl) {
				throw new CacheBackendException("down", null);
			}

			@Override
			public boolean delete(String key) {
				throw new CacheBackendException("down", null);
			}

			@Override
			public long deleteAll(java.util.Collection<String> keys) {
				throw new CacheBackendException("down", null);
			}

		};
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("broken", broken, null)
			.backend("remote", broken, null)
			.defaultBackend("broken")
			.ignoreFailures("broken")
			.ignoreFailures("remote")
			.build()
			.repository();
		UserCache user = repository.get(UserCache.class, 1);
		assertThat(user.username.get()).isNull();
		assertThat(user.username.getCached()).isNull();
		user.username.set("kept nowhere");
		assertThat(user.username.delete()).isFalse();
		assertThat(user.logins.incrementAndGet()).isZero();
		assertThat(user.logins.get()).isZero();
		user.logins.set(3);
		assertThat(repository.load(UserCache.class, 1).username.getCached()).isNull();
		assertThat(repository.findById(UserCache.class, 1)).isEmpty();
		repository.delete(UserCache.class, 1);
	}

}
