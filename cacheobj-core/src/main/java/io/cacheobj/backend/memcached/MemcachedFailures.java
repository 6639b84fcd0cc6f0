package io.cacheobj.backend.memcached;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.BackendFailures;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * Waits for spymemcached's answers and turns its failures and refusals into the
 * exceptions of one memcached backend, naming the backend and the key.
 */
final class MemcachedFailures {

	private final String backend;

	private final long timeoutMillis;

	MemcachedFailures(String name, Duration timeout) {
		this.backend = "memcached backend '" + name + "'";
		this.timeoutMillis = timeout.toMillis();
	}

	/**
	 * Wait for an operation's result.
	 * @param <T> the type of the result
	 * @param key the key of the operation, for messages
	 * @param future the operation
	 * @return its result
	 * @throws CacheValueException when the server says the value is not an integer
	 * @throws CacheBackendException when the operation fails or times out
	 */
	<T> T await(String key, Future<? extends T> future) {
		return await(key, future, TimeUnit.MILLISECONDS.toNanos(this.timeoutMillis));
	}

	/**
	 * Wait for an operation's result for what is left of its timeout, such as an
	 * operation of a bulk write whose chunk has one timeout for all its operations.
	 * @param <T> the type of the result
	 * @param key the key of the operation, for messages
	 * @param future the operation
	 * @param timeoutNanos how long to wait, zero to take only an answer already there
	 * @return its result
	 * @throws CacheValueException when the server says the value is not an integer
	 * @throws CacheBackendException when the operation fails or times out
	 */
	<T> T await(String key, Future<? extends T> future, long timeoutNanos) {
		try {
			return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw new CacheBackendException(
					this.backend + " did not answer for key '" + key + "' within " + this.timeoutMillis + "ms", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (isNonNumeric(cause.getMessage())) {
				throw BackendFailures.notAnInteger(this.backend, key, cause);
			}
			throw BackendFailures.failed(this.backend, key, String.valueOf(cause.getMessage()), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CacheBackendException("Interrupted waiting for " + this.backend + " on key '" + key + "'", ex);
		}
		catch (IllegalStateException ex) {
			// spymemcached refuses operations this way once it is shut down or its queue
			// is full.
			throw BackendFailures.failed(this.backend, key, String.valueOf(ex.getMessage()), ex);
		}
	}

	/**
	 * Return what names the backend in messages.
	 * @return {@code memcached backend '<name>'}
	 */
	String backend() {
		return this.backend;
	}

	/**
	 * Describe an operation the server answered with other than success.
	 * @param key the key of the operation
	 * @param status the server's answer
	 * @return the exception to throw
	 */
	RuntimeException refused(String key, OperationStatus status) {
		String message = String.valueOf(status.getMessage());
		// spymemcached gives the text protocol's SERVER_ERROR and CLIENT_ERROR one status
		// code
		// each, so only their message says what went wrong.
		if (status.getStatusCode() == StatusCode.ERR_2BIG || message.contains("too large")) {
			return new CacheValueException(
					this.backend + " refused the value for key '" + key + "' as too large: " + message);
		}
		if (status.getStatusCode() == StatusCode.ERR_DELTA_BADVAL || isNonNumeric(message)) {
			return BackendFailures.notAnInteger(this.backend, key, null);
		}
		return BackendFailures.failed(this.backend, key, message, null);
	}

	private static boolean isNonNumeric(@Nullable String message) {
		return message != null && message.contains("non-numeric");
	}

	CacheValueException tooLarge(String key, int valueBytes, int maxItemSize) {
		return new CacheValueException("Value for key '" + key + "' is " + valueBytes + " bytes, more than "
				+ this.backend + " stores in one item (" + maxItemSize + " bytes with key and header); "
				+ "the previous value is kept");
	}

	/**
	 * Complete a future with an operation's result once it is done, without waiting: to
	 * be called from a completion listener, on spymemcached's I/O thread.
	 * @param <T> the type of the result
	 * @param key the key of the operation, for messages
	 * @param done the completed operation
	 * @param result the future to complete, with the result or what {@link #await} would
	 * throw
	 */
	<T> void complete(String key, Future<? extends T> done, CompletableFuture<T> result) {
		try {
			result.complete(await(key, done));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
	}

	/**
	 * Describe what the client threw instead of starting an operation.
	 * @param key the key of the operation
	 * @param ex what it threw
	 * @return the exception to complete the operation's future with
	 */
	CacheBackendException failed(String key, RuntimeException ex) {
		return BackendFailures.failed(this.backend, key, String.valueOf(ex.getMessage()), ex);
	}

	CacheBackendException keptChanging(String key) {
		return new CacheBackendException(this.backend + " could not update '" + key + "': it kept changing", null);
	}

	CacheBackendException counterKeptChanging(String key) {
		return new CacheBackendException(this.backend + " could not create counter '" + key + "': it kept changing",
				null);
	}

	CacheBackendException healthCheckFailed(RuntimeException ex) {
		return new CacheBackendException(this.backend + " failed its health check: " + ex.getMessage(), ex);
	}

	CacheBackendException noServerAnswers(Map<String, Object> servers) {
		return new CacheBackendException("No server of " + this.backend + " answers: " + servers, null);
	}

}
