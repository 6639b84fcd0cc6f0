package io.cacheobj.binding;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManualInvalidationSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NearCache}: its bounds, and the reservation rule that keeps a fetch
 * which raced with an invalidation from storing its answer.
 */
class NearCacheTests {

	private final FakeTicker ticker = new FakeTicker();

	private final ManualInvalidationSource source = new ManualInvalidationSource();

	private final NearCache nearCache = NearCache.create("redis", 3, Duration.ofSeconds(10), Duration.ofMinutes(1),
			this.source, this.ticker);

	@Test
	void servesNothingUntilTrackingIsEstablished() {
		this.nearCache.track(List.of("User."));
		assertThat(this.source.prefixes()).containsExactly("User.");
		assertThat(this.nearCache.reserve("User.1.name")).isNull();
		this.source.listener().trackingChanged(true);
		store("User.1.name", "ann");
		assertThat(this.nearCache.find("User.1.name")).extracting(NearCacheCopy::value).isEqualTo(value("ann"));
	}

	@Test
	void remembersAbsentKeysToo() {
		tracking();
		Object reservation = this.nearCache.reserve("User.1.name");
		this.nearCache.complete("User.1.name", reservation, null);
		assertThat(this.nearCache.find("User.1.name")).isNotNull().extracting(NearCacheCopy::value).isNull();
	}

	@Test
	void invalidationDuringAFetchKeepsItsAnswerOut() {
		tracking();
		Object reservation = this.nearCache.reserve("User.1.name");
		this.source.listener().invalidate("User.1.name");
		this.nearCache.complete("User.1.name", reservation, value("old"));
		assertThat(this.nearCache.find("User.1.name")).isNull();
		assertThat(this.nearCache.counts().invalidations()).isEqualTo(1);
		assertThat(this.nearCache.counts().invalidationsFindingNone()).isEqualTo(1);
		assertThat(this.nearCache.counts().invalidationsRemovingACopy()).isZero();
	}

	@Test
	void invalidationsCountWhetherTheyRemovedACopyOrFoundNone() {
		tracking();
		Object reservation = this.nearCache.reserve("User.1.name");
		this.nearCache.complete("User.1.name", reservation, value("kept"));
		this.source.listener().invalidate("User.1.name");
		this.source.listener().invalidate("User.1.name");
		this.source.listener().invalidate("User.2.name");
		this.source.listener().invalidateAll();
		assertThat(this.nearCache.counts().invalidations()).isEqualTo(4);
		assertThat(this.nearCache.counts().invalidationsRemovingACopy()).isEqualTo(1);
		assertThat(this.nearCache.counts().invalidationsFindingNone()).isEqualTo(2);
	}

	@Test
	void flushOrLostTrackingDuringAFetchKeepsItsAnswerOut() {
		tracking();
		Object first = this.nearCache.reserve("User.1.name");
		this.source.listener().invalidateAll();
		this.nearCache.complete("User.1.name", first, value("old"));
		assertThat(this.nearCache.find("User.1.name")).isNull();
		Object second = this.nearCache.reserve("User.1.name");
		this.source.listener().trackingChanged(false);
		this.source.listener().trackingChanged(true);
		this.nearCache.complete("User.1.name", second, value("old"));
		assertThat(this.nearCache.find("User.1.name")).isNull();
	}

	@Test
	void lostTrackingClearsAndBypassesTheNearCache() {
		tracking();
		store("User.1.name", "ann");
		this.source.listener().trackingChanged(false);
		assertThat(this.nearCache.isActive()).isFalse();
		assertThat(this.nearCache.find("User.1.name")).isNull();
		assertThat(this.nearCache.reserve("User.1.name")).isNull();
		this.source.listener().trackingChanged(true);
		assertThat(this.nearCache.find("User.1.name")).isNull();
		assertThat(this.nearCache.size()).isZero();
	}

	@Test
	void onlyOneReadOfAKeyAtATimeMayStoreItsAnswer() {
		tracking();
		Object first = this.nearCache.reserve("User.1.name");
		assertThat(first).isNotNull();
		assertThat(this.nearCache.reserve("User.1.name")).isNull();
		assertThat(this.nearCache.find("User.1.name")).isNull();
		this.nearCache.release("User.1.name", first);
		assertThat(this.nearCache.reserve("User.1.name")).isNotNull();
	}

	@Test
	void neverHoldsMoreThanItsMaximumSize() {
		tracking();
		for (int i = 0; i < 50; i++) {
			store("User." + i + ".name", "v" + i);
		}
		assertThat(this.nearCache.size()).isLessThanOrEqualTo(3);
	}

	@Test
	void neverServesACopyOlderThanItsTtl() {
		tracking();
		store("User.1.name", "ann");
		this.ticker.advance(Duration.ofSeconds(9));
		assertThat(this.nearCache.find("User.1.name")).extracting(NearCacheCopy::value).isEqualTo(value("ann"));
		this.ticker.advance(Duration.ofSeconds(1));
		assertThat(this.nearCache.find("User.1.name")).isNull();
	}

	@Test
	void hitsStopWhenTheLeaseLapsesAndResumeWithNewCopiesOnceConfirmed() {
		ManualInvalidationSource source = new ManualInvalidationSource();
		NearCache leased = NearCache.create("redis", 10, Duration.ofMinutes(10), Duration.ofSeconds(1), source,
				this.ticker);
		leased.track(List.of("User."));
		source.listener().trackingChanged(true);
		NearCacheCopy kept = leased.complete("User.1.name", leased.reserve("User.1.name"), value("ann"));
		assertThat(kept).isNotNull();
		this.ticker.advance(Duration.ofMillis(900));
		assertThat(leased.find("User.1.name")).extracting(NearCacheCopy::value).isEqualTo(value("ann"));
		this.ticker.advance(Duration.ofMillis(100));
		assertThat(leased.isActive()).isFalse();
		assertThat(leased.find("User.1.name")).isNull();
		assertThat(kept.reread()).isFalse();
		source.listener().confirmed(0);
		assertThat(leased.isActive()).isTrue();
		assertThat(leased.find("User.1.name")).as("a copy kept before the lapse").isNull();
		assertThat(kept.reread()).isFalse();
		leased.complete("User.1.name", leased.reserve("User.1.name"), value("bob"));
		assertThat(leased.find("User.1.name")).extracting(NearCacheCopy::value).isEqualTo(value("bob"));
		leased.close();
	}

	@Test
	void aConfirmationRenewsTheLeaseFromWhenItsRequestWasSent() {
		ManualInvalidationSource source = new ManualInvalidationSource();
		NearCache leased = NearCache.create("redis", 10, Duration.ofMinutes(10), Duration.ofSeconds(1), source,
				this.ticker);
		leased.track(List.of("User."));
		source.listener().trackingChanged(true);
		this.ticker.advance(Duration.ofMillis(900));
		source.listener().confirmed(Duration.ofMillis(300).toNanos());
		leased.complete("User.1.name", leased.reserve("User.1.name"), value("ann"));
		this.ticker.advance(Duration.ofMillis(699));
		assertThat(leased.find("User.1.name")).extracting(NearCacheCopy::value).isEqualTo(value("ann"));
		this.ticker.advance(Duration.ofMillis(1));
		assertThat(leased.find("User.1.name")).isNull();
		source.listener().trackingChanged(false);
		source.listener().confirmed(0);
		assertThat(leased.isActive()).as("a confirmation does not end a lost tracking").isFalse();
		leased.close();
	}

	@Test
	void aKeptCopyIsRetiredByAFlushOrLostTracking() {
		tracking();
		NearCacheCopy flushed = kept("User.1.name", "ann");
		this.source.listener().invalidateAll();
		assertThat(flushed.reread()).isFalse();
		NearCacheCopy lost = kept("User.1.name", "bob");
		this.source.listener().trackingChanged(false);
		this.source.listener().trackingChanged(true);
		assertThat(lost.reread()).isFalse();
		assertThat(this.nearCache.find("User.1.name")).isNull();
	}

	@Test
	void withoutASourceTtlAloneBoundsStaleness() {
		NearCache ttlOnly = NearCache.create("memcached", 10, Duration.ofSeconds(5), NearCache.DEFAULT_LEASE, null,
				this.ticker);
		assertThat(ttlOnly.isActive()).isTrue();
		Object reservation = ttlOnly.reserve("k");
		ttlOnly.complete("k", reservation, value("v"));
		assertThat(ttlOnly.find("k")).extracting(NearCacheCopy::value).isEqualTo(value("v"));
		this.ticker.advance(Duration.ofSeconds(5));
		assertThat(ttlOnly.find("k")).isNull();
	}

	@Test
	void countsHitsMissesAndLaterPrefixes() {
		tracking();
		this.nearCache.find("User.1.name");
		store("User.1.name", "ann");
		this.nearCache.find("User.1.name");
		assertThat(this.nearCache.counts().hits()).isEqualTo(1);
		assertThat(this.nearCache.counts().misses()).isEqualTo(1);
		this.nearCache.track(List.of("User.", "Stats."));
		assertThat(this.source.added()).containsExactly(List.of("Stats."));
		assertThat(this.nearCache.details()).containsEntry("invalidation", "server").containsEntry("size", 1L);
	}

	@Test
	void aCopyKeptByItsReaderIsRetiredHoweverItLeaves() {
		tracking();
		NearCacheCopy invalidated = kept("User.1.name", "ann");
		NearCacheCopy evicted = kept("User.2.name", "bob");
		NearCacheCopy flushed = kept("User.3.name", "cat");
		assertThat(invalidated.reread()).isTrue();
		assertThat(invalidated.value()).isEqualTo(value("ann"));
		assertThat(this.nearCache.counts().hits()).isEqualTo(1);
		this.source.listener().invalidate("User.1.name");
		this.nearCache.evict("User.2.name");
		assertThat(invalidated.reread()).isFalse();
		assertThat(evicted.reread()).isFalse();
		assertThat(flushed.reread()).isTrue();
		this.source.listener().invalidateAll();
		assertThat(flushed.reread()).isFalse();
		NearCacheCopy untracked = kept("User.4.name", "dan");
		this.source.listener().trackingChanged(false);
		assertThat(untracked.reread()).isFalse();
		this.source.listener().trackingChanged(true);
		assertThat(untracked.reread()).isFalse();
		assertThat(this.nearCache.counts().hits()).isEqualTo(2);
	}

	@Test
	void aKeptCopyIsRetiredWhenEvictedBySizeOrExpired() {
		tracking();
		List<NearCacheCopy> copies = new java.util.ArrayList<>();
		for (int i = 0; i < 50; i++) {
			copies.add(kept("User." + i + ".name", "v" + i));
		}
		long live = copies.stream().filter(NearCacheCopy::reread).count();
		assertThat(live).isEqualTo(this.nearCache.size()).isLessThanOrEqualTo(3);
		NearCacheCopy expiring = kept("User.99.name", "v99");
		this.ticker.advance(Duration.ofSeconds(10));
		assertThat(expiring.reread()).isFalse();
		assertThat(this.nearCache.find("User.99.name")).isNull();
	}

	@Test
	void aCopyIsKeptAsAbsentWhenTheBackendHasNoSuchKey() {
		tracking();
		Object reservation = this.nearCache.reserve("User.1.name");
		NearCacheCopy absent = this.nearCache.complete("User.1.name", reservation, null);
		assertThat(absent).isNotNull();
		assertThat(absent.reread()).isTrue();
		assertThat(absent.value()).isNull();
	}

	@Test
	void onTheSystemClockACopyExpiresWithinItsTtlAndNotMuchBefore() throws InterruptedException {
		Duration ttl = Duration.ofMillis(500);
		NearCache nearCache = NearCache.create("memcached", 10, ttl, NearCache.DEFAULT_LEASE, null,
				Ticker.systemTicker());
		try {
			long stored = System.nanoTime();
			Object reservation = nearCache.reserve("k");
			nearCache.complete("k", reservation, value("v"));
			long lastHit = stored;
			long firstMiss;
			while (true) {
				long before = System.nanoTime();
				if (nearCache.find("k") == null) {
					firstMiss = System.nanoTime();
					break;
				}
				lastHit = before;
				Thread.sleep(1);
			}
			assertThat(lastHit - stored).isLessThan(ttl.toNanos());
			assertThat(firstMiss - stored).isGreaterThanOrEqualTo(ttl.toNanos() - CoarseClock.LAG);
		}
		finally {
			nearCache.close();
		}
	}

	@Test
	void closeClosesTheSource() {
		tracking();
		this.nearCache.close();
		assertThat(this.source.isClosed()).isTrue();
		assertThat(this.nearCache.isActive()).isFalse();
	}

	private void tracking() {
		this.nearCache.track(List.of("User."));
		this.source.listener().trackingChanged(true);
	}

	private void store(String key, String text) {
		Object reservation = this.nearCache.reserve(key);
		assertThat(reservation).isNotNull();
		this.nearCache.complete(key, reservation, value(text));
	}

	private NearCacheCopy kept(String key, String text) {
		Object reservation = this.nearCache.reserve(key);
		assertThat(reservation).isNotNull();
		NearCacheCopy copy = this.nearCache.complete(key, reservation, value(text));
		assertThat(copy).isNotNull();
		return copy;
	}

	private static StoredValue value(String text) {
		return StoredValue.of(text.getBytes(StandardCharsets.UTF_8));
	}

	static final class FakeTicker implements Ticker {

		private long nanos;

		@Override
		public long read() {
			return this.nanos;
		}

		void advance(Duration duration) {
			this.nanos += duration.toNanos();
		}

	}

}
