package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CacheObjBinding} and the repository it gives.
 */
class CacheObjBindingTests {

	private final RecordingCacheBackend local = new RecordingCacheBackend(MemoryCacheBackend.builder("local").build());

	private final RecordingCacheBackend remote = new RecordingCacheBackend(
			MemoryCacheBackend.builder("remote").build());

	private final CacheObjBinding binding = CacheObjBinding.builder()
		.backend("local", this.local, null)
		.backend("remote", this.remote, Duration.ofMinutes(5))
		.defaultBackend("local")
		.build();

	private final CacheEntityRepository repository = this.binding.repository();

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
	void getDoesNoIo() {
		this.repository.get(UserCache.class, 10);
		assertThat(this.local.calls()).isEmpty();
		assertThat(this.remote.calls()).isEmpty();
	}

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
	void counterCountsOnItsBackend() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThat(user.logins.get()).isZero();
		assertThat(user.logins.incrementAndGet()).isEqualTo(1);
		assertThat(user.logins.addAndGet(10)).isEqualTo(11);
		assertThat(this.repository.get(UserCache.class, 10).logins.get()).isEqualTo(11);
		user.logins.set(100);
		assertThat(new String(this.local.get("UserCache.10.logins").bytes())).isEqualTo("100");
		assertThat(user.logins.delete()).isTrue();
		assertThat(user.logins.get()).isZero();
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
		assertThat(this.remote.calls()).containsExactly(
				"getAll [UserCache.10.name, UserCache.10.address, UserCache.10.tags]");
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
	void recordsAreBuiltThroughTheirCanonicalConstructor() {
		Profile profile = this.repository.get(Profile.class, "ann");
		assertThat(profile.id()).isEqualTo("ann");
		assertThat(profile.bio().key()).isEqualTo("Profile.ann.bio");
		profile.bio().set("hello");
		assertThat(this.repository.load(Profile.class, "ann").bio().getCached()).isEqualTo("hello");
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
	void entityWithoutCacheIdKeysByTheIdAsGiven() {
		assertThat(this.repository.get(Expiring.class, "a.b").value.key()).isEqualTo("Expiring.a.b.value");
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
	void failureOfABackendThatThrowsItsOwnExceptionIsReportedAsCacheBackendException() {
		CacheBackend broken = new RecordingCacheBackend(MemoryCacheBackend.builder("x").build()) {

			@Override
			public StoredValue get(String key) {
				throw new IllegalStateException("connection reset");
			}

		};
		CacheObjBinding binding = CacheObjBinding.builder().backend("broken", broken, null).defaultBackend("broken").build();
		assertThatExceptionOfType(CacheBackendException.class)
			.isThrownBy(() -> binding.repository().get(Expiring.class, 1).value.get())
			.withMessageContaining("'broken'")
			.withMessageContaining("'Expiring.1.value'")
			.withMessageContaining("connection reset");
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
	void entityPackagesAreScanned() {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> CacheObjBinding.builder()
				.backend("local", this.local, null)
				.entityPackages(List.of("io.cacheobj.binding.invalid"), getClass().getClassLoader())
				.build())
			.withMessageContaining("io.cacheobj.binding.invalid.WrongFieldType.count")
			.withMessageContaining("java.lang.Integer");
	}

	@Test
	void unknownBackendIsRefusedNamingFieldAndBackends() {
		assertDefinitionError(UnknownBackend.class, "uses backend 'nowhere', which does not exist",
				UnknownBackend.class.getName() + ".value", "cacheobj.backends.nowhere");
	}

	@Test
	void unsupportedFieldTypeIsRefused() {
		assertDefinitionError(WrongType.class, "neither CachedValue nor CachedCounter", "java.lang.String",
				"CachedValue<String>");
	}

	@Test
	void rawCachedValueIsRefused() {
		assertDefinitionError(RawValue.class, "does not declare the type of its value", "CachedValue<String>");
	}

	@Test
	void unparsableTimeToLiveIsRefused() {
		assertDefinitionError(BadTtl.class, "Time to live 'ten minutes'", "cannot be parsed", "30s, 10m");
	}

	@Test
	void nonPositiveTimeToLiveIsRefused() {
		assertDefinitionError(ZeroTtl.class, "'0s'", "is not positive");
	}

	@Test
	void duplicateKeysAreRefused() {
		assertDefinitionError(DuplicateKey.class, "two properties with key 'same'");
	}

	@Test
	void classWithoutNoArgumentConstructorIsRefused() {
		assertDefinitionError(NoDefaultConstructor.class, "no constructor without arguments");
	}

	@Test
	void classWithoutCacheEntityIsRefused() {
		assertDefinitionError(String.class, "is not annotated @CacheEntity");
	}

	@Test
	void recordComponentThatIsNotBoundIsRefused() {
		assertDefinitionError(RecordWithPlainComponent.class, "'" + RecordWithPlainComponent.class.getName() + ".note'");
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
	void staticFieldIsRefused() {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> this.binding.bindFields(new StaticField(), StaticField.class))
			.withMessageContaining("is static");
	}

	@Test
	void defaultBackendMustBeAmongTheBackends() {
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> CacheObjBinding.builder().backend("a", this.local, null).defaultBackend("b").build())
			.withMessageContaining("'b'");
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
	void entityNameWithADotIsRefused() {
		assertDefinitionError(DottedName.class, "entity name 'user.cache'", "without dots");
	}

	@Test
	void propertyKeyWithADotIsRefused() {
		assertDefinitionError(DottedKey.class, "has key 'a.b'", "last segment");
	}

	@Test
	void emptyIdIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.get(Expiring.class, ""))
			.withMessageContaining("empty");
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

	@Test
	void ignoredFailuresStillRefuseValuesThatDoNotDecode() {
		CacheObjBinding ignoring = CacheObjBinding.builder()
			.backend("local", this.local, null)
			.backend("remote", this.remote, null)
			.defaultBackend("local")
			.ignoreFailures("local")
			.ignoreFailures("remote")
			.build();
		this.remote.set("Stats.visits", StoredValue.of("not a number".getBytes()), null);
		Stats stats = new Stats();
		ignoring.bindFields(stats, Stats.class);
		assertThatExceptionOfType(io.cacheobj.CacheValueException.class).isThrownBy(stats.visits::get);
	}

	private void assertDefinitionError(Class<?> type, String... fragments) {
		assertThatExceptionOfType(CacheEntityDefinitionException.class)
			.isThrownBy(() -> this.repository.get(type, 1))
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

	@CacheEntity(name = "people")
	static class Renamed {

		@CachedProperty(key = "full_name")
		CachedValue<String> value;

	}

	@CacheEntity(ttl = "30s")
	static class Expiring {

		@CachedProperty
		CachedValue<String> value;

	}

	@CacheEntity
	static class Session {

		@CacheId
		private UUID id;

		@CachedProperty
		private CachedValue<Map<String, String>> token;

	}

	static class Stats {

		@CachedProperty(backend = "remote")
		CachedCounter visits;

	}

	static class StaticField {

		@CachedProperty
		static CachedCounter shared;

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

	@CacheEntity(name = "user.cache")
	static class DottedName {

		@CachedProperty
		CachedValue<String> value;

	}

	@CacheEntity
	static class DottedKey {

		@CachedProperty(key = "a.b")
		CachedValue<String> value;

	}

	@CacheEntity
	static class UnknownBackend {

		@CachedProperty(backend = "nowhere")
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
