package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.ManualInvalidationSource;
import io.cacheobj.testsupport.RecordingCacheBackend;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of properties on a backend with a {@link NearCache}: what is read locally, what
 * is sent to the backend, and how writes through this binding keep the local copies
 * right.
 */
class NearCachedBindingTests {

	private final RecordingCacheBackend remote = new RecordingCacheBackend(
			MemoryCacheBackend.builder("remote").build());

	private final ManualInvalidationSource source = new ManualInvalidationSource();

	private final NearCache nearCache = NearCache.create("remote", 1000, Duration.ofMinutes(1), Duration.ofHours(1),
			this.source, Ticker.systemTicker());

	private final CacheObjBinding binding = CacheObjBinding.builder()
		.backend("remote", this.remote, null)
		.nearCache("remote", this.nearCache)
		.defaultBackend("remote")
		.entityTypes(List.of(Account.class))
		.build();

	private final CacheEntityRepository repository = this.binding.repository();

	@Test
	void entitiesOnTheBackendAreTrackedByTheirKeyPrefix() {
		assertThat(this.source.prefixes()).containsExactly("Account.");
	}

	@Test
	void warmReadsSendNothingToTheBackend() {
		this.source.listener().trackingChanged(true);
		this.repository.get(Account.class, 1).name.set("ann");
		assertThat(this.repository.get(Account.class, 1).name.get()).isEqualTo("ann");
		this.remote.clear();
		for (int i = 0; i < 1000; i++) {
			assertThat(this.repository.get(Account.class, 1).name.get()).isEqualTo("ann");
		}
		assertThat(this.remote.calls()).isEmpty();
		assertThat(this.nearCache.counts().hits()).isEqualTo(1000);
	}

	@Test
	void loadAllServesHitsLocallyAndAsksForTheOthersInOneBulkRead() {
		this.source.listener().trackingChanged(true);
		List<Integer> ids = new ArrayList<>();
		for (int id = 0; id < 100; id++) {
			ids.add(id);
			this.repository.get(Account.class, id).name.set("n" + id);
		}
		this.repository.loadAll(Account.class, ids.subList(0, 40));
		this.remote.clear();
		List<Account> accounts = this.repository.loadAll(Account.class, ids);
		assertThat(this.remote.calls()).hasSize(1)
			.first(org.assertj.core.api.InstanceOfAssertFactories.STRING)
			.startsWith("getAll [Account.40.name, Account.40.email")
			.doesNotContain("Account.39.");
		assertThat(accounts).extracting((account) -> account.name.getCached())
			.containsExactlyElementsOf(ids.stream().map((id) -> "n" + id).toList());
		this.remote.clear();
		this.repository.loadAll(Account.class, ids);
		assertThat(this.remote.calls()).isEmpty();
	}

	@Test
	void thisJvmReadsItsOwnWritesAtOnce() {
		this.source.listener().trackingChanged(true);
		Account account = this.repository.get(Account.class, 1);
		account.name.set("first");
		assertThat(account.name.get()).isEqualTo("first");
		this.repository.get(Account.class, 1).name.set("second");
		assertThat(this.repository.get(Account.class, 1).name.get()).isEqualTo("second");
		this.repository.delete(Account.class, 1);
		assertThat(this.repository.get(Account.class, 1).name.get()).isNull();
	}

	@Test
	void anInvalidationMakesTheNextReadAskTheBackend() {
		this.source.listener().trackingChanged(true);
		this.repository.get(Account.class, 1).name.set("old");
		this.repository.get(Account.class, 1).name.get();
		this.remote.set("Account.1.name", StoredValue.of("new".getBytes(StandardCharsets.UTF_8)), null);
		assertThat(this.repository.get(Account.class, 1).name.get()).isEqualTo("old");
		this.source.listener().invalidate("Account.1.name");
		assertThat(this.repository.get(Account.class, 1).name.get()).isEqualTo("new");
	}

	@Test
	void aPropertyReadingAgainCountsAHitAndSeesEveryChangeMadeElsewhere() {
		this.source.listener().trackingChanged(true);
		Account held = this.repository.get(Account.class, 1);
		held.name.set("old");
		assertThat(held.name.get()).isEqualTo("old");
		long lookups = this.nearCache.counts().hits() + this.nearCache.counts().misses();
		assertThat(held.name.get()).isEqualTo("old");
		assertThat(this.nearCache.counts().hits() + this.nearCache.counts().misses()).isEqualTo(lookups + 1);
		this.repository.get(Account.class, 1).name.set("written here");
		assertThat(held.name.get()).isEqualTo("written here");
		this.remote.set("Account.1.name", StoredValue.of("written elsewhere".getBytes(StandardCharsets.UTF_8)), null);
		assertThat(held.name.get()).isEqualTo("written here");
		this.source.listener().invalidate("Account.1.name");
		assertThat(held.name.get()).isEqualTo("written elsewhere");
		this.source.listener().trackingChanged(false);
		this.remote.clear();
		assertThat(held.name.get()).isEqualTo("written elsewhere");
		assertThat(this.remote.calls()).containsExactly("get Account.1.name");
	}

	@Test
	void countersAreNeverServedLocally() {
		this.source.listener().trackingChanged(true);
		Account account = this.repository.get(Account.class, 1);
		account.logins.incrementAndGet();
		this.remote.clear();
		assertThat(account.logins.get()).isEqualTo(1);
		assertThat(account.logins.get()).isEqualTo(1);
		assertThat(this.remote.calls()).containsExactly("get Account.1.logins", "get Account.1.logins");
		assertThat(this.repository.findById(Account.class, 1)).isPresent();
		assertThat(this.nearCache.find("Account.1.logins")).isNull();
		assertThat(this.nearCache.find("Account.1.name")).isNotNull().extracting(NearCacheCopy::value).isNull();
		this.remote.clear();
		assertThat(this.repository.findById(Account.class, 1)).isPresent();
		assertThat(this.remote.calls()).containsExactly("getAll [Account.1.logins]");
	}

	@Test
	void whileTrackingIsDownEveryReadGoesToTheBackend() {
		this.repository.get(Account.class, 1).name.set("ann");
		this.remote.clear();
		this.repository.get(Account.class, 1).name.get();
		this.repository.get(Account.class, 1).name.get();
		assertThat(this.remote.calls()).hasSize(2);
		assertThat(this.nearCache.size()).isZero();
	}

	@Test
	void closingTheBindingClosesTheNearCache() {
		this.binding.close();
		assertThat(this.source.isClosed()).isTrue();
	}

	@Test
	void anObjectBoundAgainHasTheSameKeyStringsSoTheNearCacheFindsThemByIdentity() {
		Account first = this.repository.get(Account.class, 7);
		Account again = this.repository.load(Account.class, 7);
		assertThat(key(again.name)).isSameAs(key(first.name));
		assertThat(key(again.email)).isSameAs(key(first.email));
		assertThat(key(again.logins)).isEqualTo("Account.7.logins");
		assertThat(key(this.repository.get(Account.class, 8).name)).isEqualTo("Account.8.name");
	}

	@Test
	void theKeysOfRecentIdsAreBoundedByTheNearCachesSize() {
		NearCache small = NearCache.create("remote", 10, Duration.ofMinutes(1), NearCache.DEFAULT_LEASE, null,
				Ticker.systemTicker());
		CacheObjBinding binding = CacheObjBinding.builder()
			.backend("remote", this.remote, null)
			.nearCache("remote", small)
			.defaultBackend("remote")
			.entityTypes(List.of(Account.class))
			.build();
		try {
			for (int id = 0; id < 1000; id++) {
				binding.repository().get(Account.class, id);
			}
			// Room for 5 objects: 10 entries, 2 near-cached properties (the counter is
			// not); the table's slots are a power of two.
			assertThat(binding.entity(Account.class).recentIds()).isEqualTo(4);
		}
		finally {
			binding.close();
		}
	}

	@Test
	void withoutANearCacheNoKeysAreKept() {
		CacheObjBinding binding = CacheObjBinding.builder()
			.backend("remote", this.remote, null)
			.defaultBackend("remote")
			.entityTypes(List.of(Account.class))
			.build();
		try {
			binding.repository().get(Account.class, 1);
			assertThat(binding.entity(Account.class).recentIds()).isZero();
		}
		finally {
			binding.close();
		}
	}

	private static String key(Object property) {
		return ((BoundProperty) property).key();
	}

	@CacheEntity
	static class Account {

		@CacheId
		Integer id;

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty
		CachedValue<String> email;

		@CachedProperty
		CachedCounter logins;

	}

}
