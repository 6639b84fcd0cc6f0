package io.cacheobj.binding;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.binding.BindingFixtures.Address;
import io.cacheobj.binding.BindingFixtures.Expiring;
import io.cacheobj.binding.BindingFixtures.Profile;
import io.cacheobj.binding.BindingFixtures.UserCache;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DefaultCacheEntityRepository}.
 */
class DefaultCacheEntityRepositoryTests extends BindingTestSupport {

	@Test
	void getDoesNoIo() {
		this.repository.get(UserCache.class, 10);
		assertThat(this.local.calls()).isEmpty();
		assertThat(this.remote.calls()).isEmpty();
	}

	@Test
	void loadReadsEveryValueWithOneBulkReadPerBackend() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.username.set("u");
		user.name.set("n");
		user.address.set(new Address("s", 1));
		this.local.clear();
		this.remote.clear();
		UserCache loaded = this.repository.load(UserCache.class, 10);
		assertThat(this.local.calls()).containsExactly("getAll [UserCache.10.username]");
		assertThat(this.remote.calls())
			.containsExactly("getAll [UserCache.10.name, UserCache.10.address, UserCache.10.tags]");
		assertThat(loaded.username.getCached()).isEqualTo("u");
		assertThat(loaded.name.getCached()).isEqualTo("n");
		assertThat(loaded.address.getCached()).isEqualTo(new Address("s", 1));
		assertThat(loaded.tags.getCached()).isNull();
		assertThat(this.local.calls()).hasSize(1);
		assertThat(this.remote.calls()).hasSize(1);
	}

	@Test
	void loadAllReadsManyObjectsWithOneBulkReadPerBackendInTheOrderOfIds() {
		for (int id = 1; id <= 100; id++) {
			this.repository.get(UserCache.class, id).username.set("user" + id);
		}
		this.local.clear();
		this.remote.clear();
		List<Long> ids = List.of(50L, 3L, 1000L, 7L);
		List<UserCache> users = this.repository.loadAll(UserCache.class, ids);
		assertThat(users).extracting((user) -> user.id).containsExactly(50L, 3L, 1000L, 7L);
		assertThat(users).extracting((user) -> user.username.getCached())
			.containsExactly("user50", "user3", null, "user7");
		assertThat(this.local.calls()).hasSize(1);
		assertThat(this.remote.calls()).hasSize(1);
	}

	@Test
	void loadAllOfNoIdsDoesNoIo() {
		assertThat(this.repository.loadAll(UserCache.class, List.of())).isEmpty();
		assertThat(this.local.calls()).isEmpty();
	}

	@Test
	void findByIdIsEmptyWhenNoPropertyExists() {
		assertThat(this.repository.findById(UserCache.class, 10)).isEmpty();
		assertThat(this.repository.exists(UserCache.class, 10)).isFalse();
	}

	@Test
	void findByIdFindsAnObjectWithOnlyACounter() {
		this.repository.get(UserCache.class, 10).logins.incrementAndGet();
		this.local.clear();
		assertThat(this.repository.findById(UserCache.class, 10)).hasValueSatisfying((user) -> {
			assertThat(user.id).isEqualTo(10L);
			assertThat(user.username.getCached()).isNull();
		});
		assertThat(this.local.calls()).containsExactly("getAll [UserCache.10.username, UserCache.10.logins]");
		assertThat(this.repository.exists(UserCache.class, 10)).isTrue();
	}

	@Test
	void deleteByIdRemovesEveryPropertyWithOneCallPerBackend() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.username.set("u");
		user.name.set("n");
		user.logins.incrementAndGet();
		this.local.clear();
		this.remote.clear();
		this.repository.delete(UserCache.class, "10");
		assertThat(this.local.calls()).containsExactly("deleteAll [UserCache.10.username, UserCache.10.logins]");
		assertThat(this.remote.calls()).hasSize(1);
		assertThat(this.repository.exists(UserCache.class, 10)).isFalse();
	}

	@Test
	void deleteOfAnEntityRemovesItsProperties() {
		Profile profile = this.repository.get(Profile.class, "ann");
		profile.bio().set("hello");
		this.repository.delete(profile);
		assertThat(this.repository.exists(Profile.class, "ann")).isFalse();
	}

	@Test
	void deleteOfAnObjectNotFromTheRepositoryIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.delete(new UserCache()))
			.withMessageContaining("CacheEntityRepository");
	}

	@Test
	void idIsConvertedToTheTypeOfCacheId() {
		UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		Session session = this.repository.get(Session.class, uuid.toString());
		assertThat(session.id).isEqualTo(uuid);
		assertThat(session.token.key()).isEqualTo("Session." + uuid + ".token");
		assertThat(this.repository.get(UserCache.class, "42").id).isEqualTo(42L);
	}

	@Test
	void idThatCannotBeConvertedIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.get(UserCache.class, "ten"))
			.withMessageContaining("'ten'")
			.withMessageContaining("Long");
	}

	@Test
	void emptyIdIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.get(Expiring.class, ""))
			.withMessageContaining("empty");
	}

	@CacheEntity
	static class Session {

		@CacheId
		private UUID id;

		@CachedProperty
		private CachedValue<Map<String, String>> token;

	}

}
