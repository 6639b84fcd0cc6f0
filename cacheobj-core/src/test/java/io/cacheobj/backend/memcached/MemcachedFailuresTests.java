package io.cacheobj.backend.memcached;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MemcachedFailures}.
 */
class MemcachedFailuresTests {

	private final MemcachedFailures failures = new MemcachedFailures("sessions", Duration.ofMillis(250));

	@Test
	void awaitReturnsTheResult() {
		assertThat(this.failures.await("k", CompletableFuture.completedFuture(42L))).isEqualTo(42L);
	}

	@Test
	void awaitCancelsAndFailsAnOperationThatTimesOut() {
		CompletableFuture<Long> unanswered = new CompletableFuture<>();
		assertThatExceptionOfType(CacheBackendException.class)
			.isThrownBy(() -> new MemcachedFailures("sessions", Duration.ofMillis(1)).await("k", unanswered))
			.withMessage("memcached backend 'sessions' did not answer for key 'k' within 1ms")
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(unanswered).isCancelled();
	}

	@Test
	void awaitTellsAValueThatIsNotAnIntegerFromOtherFailures() {
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> this.failures.await("n", failed("CLIENT_ERROR non-numeric value")))
			.withMessage(
					"Value of key 'n' on memcached backend 'sessions' is not an integer, so it cannot be incremented")
			.withCauseInstanceOf(RuntimeException.class);
		assertThatExceptionOfType(CacheBackendException.class)
			.isThrownBy(() -> this.failures.await("k", failed("connection reset")))
			.withMessage("memcached backend 'sessions' failed on key 'k': connection reset")
			.withCauseInstanceOf(RuntimeException.class);
	}

	@Test
	void awaitKeepsTheInterruptAndFails() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(CacheBackendException.class)
				.isThrownBy(() -> this.failures.await("k", new CompletableFuture<>()))
				.withMessage("Interrupted waiting for memcached backend 'sessions' on key 'k'");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void awaitTurnsAClientThatRefusesOperationsIntoABackendFailure() {
		Future<Long> future = new CompletableFuture<>() {

			@Override
			public Long get(long timeout, TimeUnit unit) {
				throw new IllegalStateException("Shutting down");
			}

		};
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> this.failures.await("k", future))
			.withMessage("memcached backend 'sessions' failed on key 'k': Shutting down");
	}

	@Test
	void refusedAsTooLargeByStatusCodeOrTextMessage() {
		assertThat(this.failures.refused("k", new OperationStatus(false, "Too large.", StatusCode.ERR_2BIG)))
			.isInstanceOf(CacheValueException.class)
			.hasMessage("memcached backend 'sessions' refused the value for key 'k' as too large: Too large.");
		assertThat(this.failures.refused("k",
				new OperationStatus(false, "SERVER_ERROR object too large for cache", StatusCode.ERR_INTERNAL)))
			.isInstanceOf(CacheValueException.class)
			.hasMessageContaining("as too large");
	}

	@Test
	void refusedAsNotAnIntegerByStatusCodeOrTextMessage() {
		String message = "Value of key 'n' on memcached backend 'sessions' is not an integer, so it cannot be incremented";
		assertThat(
				this.failures.refused("n",
						new OperationStatus(false, "Non-numeric server-side value for incr or decr",
								StatusCode.ERR_DELTA_BADVAL)))
			.isInstanceOf(CacheValueException.class)
			.hasMessage(message);
		assertThat(this.failures.refused("n", new OperationStatus(false,
				"CLIENT_ERROR cannot increment or decrement non-numeric value", StatusCode.ERR_CLIENT)))
			.isInstanceOf(CacheValueException.class)
			.hasMessage(message);
	}

	@Test
	void refusedForAnyOtherReasonIsABackendFailure() {
		assertThat(this.failures.refused("k", new OperationStatus(false, "Out of memory", StatusCode.ERR_NO_MEM)))
			.isExactlyInstanceOf(CacheBackendException.class)
			.hasMessage("memcached backend 'sessions' failed on key 'k': Out of memory");
		assertThat(this.failures.refused("k", new OperationStatus(false, null, StatusCode.ERR_INTERNAL)))
			.hasMessage("memcached backend 'sessions' failed on key 'k': null");
	}

	@Test
	void valueTooLargeForAnItemNamesTheKeyAndTheSizes() {
		assertThat(this.failures.tooLarge("big", 2048, 1024))
			.hasMessage("Value for key 'big' is 2048 bytes, more than memcached backend 'sessions' stores in one item "
					+ "(1024 bytes with key and header); the previous value is kept");
	}

	@Test
	void noServerAnswersListsTheServers() {
		assertThat(this.failures.noServerAnswers(Map.of("localhost:11211", "unavailable")))
			.hasMessage("No server of memcached backend 'sessions' answers: {localhost:11211=unavailable}");
	}

	private static Future<Long> failed(String message) {
		return CompletableFuture.failedFuture(new RuntimeException(message));
	}

}
