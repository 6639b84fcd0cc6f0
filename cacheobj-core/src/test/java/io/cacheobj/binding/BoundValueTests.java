package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.BindingFixtures.Address;
import io.cacheobj.binding.BindingFixtures.Expiring;
import io.cacheobj.binding.BindingFixtures.UserCache;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BoundValue}.
 */
class BoundValueTests extends BindingTestSupport {

	@Test
	void valueIsReadBackByAnotherObjectOfTheSameId() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThat(user.username.get()).isNull();
		user.username.set("username");
		assertThat(this.repository.get(UserCache.class, 10).username.get()).isEqualTo("username");
		assertThat(this.repository.get(UserCache.class, 11).username.get()).isNull();
	}

	@Test
	void getCachedReturnsWhatThisObjectLastWroteWithoutIo() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.username.set("first");
		this.repository.get(UserCache.class, 10).username.set("second");
		this.local.clear();
		assertThat(user.username.getCached()).isEqualTo("first");
		assertThat(this.local.calls()).isEmpty();
		assertThat(user.username.get()).isEqualTo("second");
		assertThat(user.username.getCached()).isEqualTo("second");
	}

	@Test
	void getCachedReadsTheBackendOnceWhenItKnowsNothing() {
		this.repository.get(UserCache.class, 10).username.set("stored");
		UserCache user = this.repository.get(UserCache.class, 10);
		this.local.clear();
		assertThat(user.username.getCached()).isEqualTo("stored");
		assertThat(user.username.getCached()).isEqualTo("stored");
		assertThat(this.local.calls()).containsExactly("get UserCache.10.username");
	}

	@Test
	void knownAbsenceIsRemembered() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThat(user.username.get()).isNull();
		this.local.clear();
		assertThat(user.username.getCached()).isNull();
		assertThat(this.local.calls()).isEmpty();
	}

	@Test
	void setNullDeletesTheKey() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.username.set("x");
		user.username.set(null);
		assertThat(this.local.calls()).containsExactly("set UserCache.10.username", "delete UserCache.10.username");
		assertThat(this.local.get("UserCache.10.username")).isNull();
		assertThat(user.username.getCached()).isNull();
	}

	@Test
	void deleteTellsWhetherSomethingWasDeleted() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.name.set("Name");
		assertThat(user.name.delete()).isTrue();
		assertThat(user.name.delete()).isFalse();
	}

	@Test
	void setWithTimeToLiveOverridesThePropertys() {
		this.repository.get(UserCache.class, 10).name.set("Name", Duration.ofSeconds(3));
		assertThat(this.remote.lastTtl()).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void setWithNonPositiveTimeToLiveIsRefused() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThatIllegalArgumentException().isThrownBy(() -> user.name.set("x", Duration.ZERO))
			.withMessageContaining("PT0S");
		assertThat(this.remote.calls()).isEmpty();
	}

	@Test
	void typedValuesRoundTrip() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.address.set(new Address("Main St", 12));
		user.tags.set(List.of(new Address("A", 1)));
		UserCache again = this.repository.get(UserCache.class, 10);
		assertThat(again.address.get()).isEqualTo(new Address("Main St", 12));
		assertThat(again.tags.get()).containsExactly(new Address("A", 1));
		assertThat(new String(this.remote.get("UserCache.10.address").bytes()))
			.isEqualTo("{\"street\":\"Main St\",\"number\":12}");
	}

	@Test
	void ignoredFailuresLeaveTheMemoForGetCached() {
		boolean[] down = { false };
		RecordingCacheBackend flaky = new RecordingCacheBackend(MemoryCacheBackend.builder("x").build()) {

			@Override
			public StoredValue get(String key) {
				if (down[0]) {
					throw new CacheBackendException("down", null);
				}
				return super.get(key);
			}

		};
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("flaky", flaky, null)
			.defaultBackend("flaky")
			.ignoreFailures("flaky")
			.build()
			.repository();
		Expiring value = repository.get(Expiring.class, 1);
		value.value.set("remembered");
		assertThat(value.value.get()).isEqualTo("remembered");
		down[0] = true;
		assertThat(value.value.get()).isNull();
		assertThat(value.value.getCached()).isEqualTo("remembered");
	}

}
