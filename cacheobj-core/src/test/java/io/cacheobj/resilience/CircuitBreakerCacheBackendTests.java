package io.cacheobj.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CircuitBreakerCacheBackend}.
 */
class CircuitBreakerCacheBackendTests {

	private final AtomicBoolean down = new AtomicBoolean();

	private final CountDownLatch answer = new CountDownLatch(1);

	private final RecordingCacheBackend delegate = new RecordingCacheBackend(MemoryCacheBackend.builder("m").build()) {

		@Override
		public StoredValue get(String key) {
			if (CircuitBreakerCacheBackendTests.this.down.get()) {
				super.get(key);
				throw new CacheBackendException("down", null);
			}
			return super.get(key);
		}

		@Override
		public void set(String key, StoredValue value, Duration ttl) {
			if (key.startsWith("stuck")) {
				try {
					CircuitBreakerCacheBackendTests.this.answer.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			super.set(key, value, ttl);
		}

		@Override
		public long increment(String key, long delta, Duration ttl) {
			throw new CacheValueException("not an integer");
		}

	};

	private final CircuitBreaker breaker = CircuitBreaker.of("test",
			CircuitBreakerConfig.custom()
				.minimumNumberOfCalls(4)
				.slidingWindowSize(4)
				.failureRateThreshold(50)
				.waitDurationInOpenState(Duration.ofMillis(200))
				.permittedNumberOfCallsInHalfOpenState(2)
				.slowCallDurationThreshold(Duration.ofMillis(100))
				.build());

	private final CacheBackend backend = CircuitBreakerCacheBackend.decorate("guarded", this.delegate, this.breaker);

	@Test
	void repeatedFailuresOpenTheBreakerAndCallsThenFailWithoutReachingTheBackend() {
		this.down.set(true);
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> this.backend.get("k"))
				.withMessage("down");
		}
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		this.delegate.clear();
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> this.backend.get("k"))
			.withMessageContaining("'guarded'")
			.withMessageContaining("'k'")
			.withMessageContaining("circuit breaker is OPEN");
		assertThat(this.delegate.calls()).isEmpty();
	}

	@Test
	void nearCacheReadsThroughTheSourceAreGuardedAndCountedAsCalls() throws Exception {
		CompletableFuture<@Nullable StoredValue> failing = CompletableFuture
			.failedFuture(new CacheBackendException("down", null));
		AtomicBoolean readable = new AtomicBoolean(true);
		InvalidationSource source = new InvalidationSource() {

			@Override
			public void start(Collection<String> prefixes, InvalidationListener listener) {
			}

			@Override
			public void addPrefixes(Collection<String> prefixes) {
			}

			@Override
			public boolean isTracking() {
				return true;
			}

			@Override
			public boolean readsToKeep() {
				return true;
			}

			@Override
			public @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(String key) {
				return readable.get() ? failing : null;
			}

			@Override
			public Map<String, Object> details() {
				return Map.of();
			}

			@Override
			public void close() {
			}

		};
		readable.set(false);
		for (int i = 0; i < 10; i++) {
			assertThat(this.backend.readToKeep(source, "k")).isNull();
		}
		assertThat(this.breaker.getMetrics().getNumberOfBufferedCalls()).isZero();
		readable.set(true);
		for (int i = 0; i < 4; i++) {
			assertThat(this.backend.readToKeep(source, "k")).isCompletedExceptionally();
		}
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> this.backend.readToKeep(source, "k").get())
			.withCauseInstanceOf(CacheBackendException.class)
			.withMessageContaining("circuit breaker is OPEN");
	}

	@Test
	void breakerClosesWhenProbesSucceed() {
		this.down.set(true);
		for (int i = 0; i < 4; i++) {
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> this.backend.get("k"));
		}
		this.down.set(false);
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
			this.backend.get("k");
			this.backend.get("k");
			return this.breaker.getState() == CircuitBreaker.State.CLOSED;
		});
	}

	@Test
	void callsThatWaitWithNoAnswerForTheSlowCallThresholdOpenTheBreakerBeforeTheyEnd() {
		this.backend.get("k");
		CompletableFuture<Void> stuck = CompletableFuture
			.runAsync(() -> this.backend.set("stuck", StoredValue.of(new byte[] { 1 }), null));
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.breaker.getState() == CircuitBreaker.State.OPEN);
			assertThat(stuck).isNotDone();
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> this.backend.get("k"))
				.withMessageContaining("circuit breaker is OPEN");
		}
		finally {
			this.answer.countDown();
		}
		stuck.join();
		await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
			this.backend.get("k");
			this.backend.get("k");
			return this.breaker.getState() == CircuitBreaker.State.CLOSED;
		});
	}

	@Test
	void callsWaitingBeforeTheBackendsFirstAnswerLeaveTheBreakerClosed() {
		CompletableFuture<Void> stuck = CompletableFuture
			.runAsync(() -> this.backend.set("stuck", StoredValue.of(new byte[] { 1 }), null));
		try {
			await().during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> this.breaker.getState() == CircuitBreaker.State.CLOSED);
			assertThat(stuck).isNotDone();
		}
		finally {
			this.answer.countDown();
		}
		stuck.join();
	}

	@Test
	void aLongCallWhileOthersAreAnsweredLeavesTheBreakerClosed() {
		CompletableFuture<Void> stuck = CompletableFuture
			.runAsync(() -> this.backend.set("stuck", StoredValue.of(new byte[] { 1 }), null));
		try {
			long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
			for (int i = 0; System.nanoTime() < end; i++) {
				this.backend.get("k");
				if (i % 1000 == 0) {
					this.delegate.clear();
				}
			}
			assertThat(stuck).isNotDone();
			assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		}
		finally {
			this.answer.countDown();
		}
		stuck.join();
	}

	@Test
	void valuesThatDoNotDecodeDoNotOpenTheBreaker() {
		for (int i = 0; i < 10; i++) {
			assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> this.backend.increment("n", 1, null));
		}
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void checkBypassesTheBreakerAndShowsItsState() {
		this.breaker.transitionToOpenState();
		assertThat(this.backend.check()).containsEntry("circuitBreaker", "OPEN");
	}

	@Test
	void emptyBulkOperationsDoNothing() {
		this.breaker.transitionToOpenState();
		assertThat(this.backend.getAll(java.util.List.of())).isEmpty();
		assertThat(this.backend.getAllInOrder(java.util.List.of())).isEmpty();
		assertThat(this.backend.getAllInOrderAsync(java.util.List.of()).join()).isEmpty();
		assertThat(this.backend.deleteAll(java.util.List.of())).isZero();
	}

}
