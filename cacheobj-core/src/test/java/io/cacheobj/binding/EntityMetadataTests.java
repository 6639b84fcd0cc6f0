package io.cacheobj.binding;

import io.cacheobj.CacheEntity;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.binding.BindingFixtures.Expiring;
import io.cacheobj.binding.BindingFixtures.Profile;
import io.cacheobj.binding.BindingFixtures.UserCache;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.assertDefinitionError;
import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityMetadata}: an entity's keys and construction, and the
 * definitions it refuses.
 */
class EntityMetadataTests extends BindingTestSupport {

	@Test
	void keysFollowThePythonLayout() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThat(user.id).isEqualTo(10L);
		assertThat(user.username.key()).isEqualTo("UserCache.10.username");
		assertThat(user.name.key()).isEqualTo("UserCache.10.name");
		assertThat(user.logins.key()).isEqualTo("UserCache.10.logins");
		assertThat(user.address.key()).isEqualTo("UserCache.10.address");
	}

	@Test
	void entityWithoutCacheIdKeysByTheIdAsGiven() {
		assertThat(this.repository.get(Expiring.class, "a.b").value.key()).isEqualTo("Expiring.a.b.value");
	}

	@Test
	void idThatLooksLikeAnotherKeyCannotReachIt() {
		this.repository.get(UserCache.class, "10").username.set("ten");
		Profile forged = this.repository.get(Profile.class, "10.username");
		assertThat(forged.bio().key()).isEqualTo("Profile.10.username.bio");
		forged.bio().set("forged");
		assertThat(this.repository.get(UserCache.class, "10").username.get()).isEqualTo("ten");
		assertThat(this.repository.get(Profile.class, "10").bio().get()).isNull();
	}

	@Test
	void recordsAreBuiltThroughTheirCanonicalConstructor() {
		Profile profile = this.repository.get(Profile.class, "ann");
		assertThat(profile.id()).isEqualTo("ann");
		assertThat(profile.bio().key()).isEqualTo("Profile.ann.bio");
		profile.bio().set("hello");
		assertThat(this.repository.load(Profile.class, "ann").bio().getCached()).isEqualTo("hello");
	}

	@Test
	void entityNameWithADotIsRefused() {
		assertDefinitionError(this.repository, DottedName.class, "entity name 'user.cache'", "without dots");
	}

	@Test
	void duplicateKeysAreRefused() {
		assertDefinitionError(this.repository, DuplicateKey.class, "two properties with key 'same'");
	}

	@Test
	void classWithoutNoArgumentConstructorIsRefused() {
		assertDefinitionError(this.repository, NoDefaultConstructor.class, "no constructor without arguments");
	}

	@Test
	void classWithoutCacheEntityIsRefused() {
		assertDefinitionError(this.repository, String.class, "is not annotated @CacheEntity");
	}

	@Test
	void recordComponentThatIsNotBoundIsRefused() {
		assertDefinitionError(this.repository, RecordWithPlainComponent.class,
				"'" + RecordWithPlainComponent.class.getName() + ".note'");
	}

	@CacheEntity(name = "user.cache")
	static class DottedName {

		@CachedProperty
		CachedValue<String> value;

	}

	@CacheEntity
	static class DuplicateKey {

		@CachedProperty(key = "same")
		CachedValue<String> one;

		@CachedProperty(key = "same")
		CachedValue<String> two;

	}

	@CacheEntity
	static class NoDefaultConstructor {

		@CachedProperty
		CachedValue<String> value;

		NoDefaultConstructor(String ignored) {
		}

	}

	@CacheEntity
	record RecordWithPlainComponent(@CachedProperty CachedValue<String> value, String note) {

	}

}
