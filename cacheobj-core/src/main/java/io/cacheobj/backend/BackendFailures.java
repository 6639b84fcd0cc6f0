package io.cacheobj.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The exceptions, checks and future helpers that every {@link CacheBackend} and decorator
 * shares, so that each failure reads and travels the same whichever backend raises it;
 * for custom backends too.
 *
 * @since 0.1.0
 */
public final class BackendFailures {

	/** How many keys of failed writes a bulk write's failure names. */
	private static final int FAILED_KEYS_SHOWN = 3;

	private BackendFailures() {
	}

	/**
	 * Describe a failure of a backend's server or client.
	 * @param backend what names the backend in messages, such as
	 * {@code Redis backend 'cache'}
	 * @param key the key of the failed operation
	 * @param detail what the client said
	 * @param cause the client's exception, or {@code null}
	 * @return the exception to throw
	 */
	public static CacheBackendException failed(String backend, String key, String detail, @Nullable Throwable cause) {
		return new CacheBackendException(backend + " failed on key '" + key + "': " + detail, cause);
	}

	/**
	 * Describe a counter whose stored value is not an integer (or would overflow).
	 * @param backend what names the backend in messages
	 * @param key the counter's key
	 * @param cause the client's or parser's exception, or {@code null}
	 * @return the exception to throw
	 */
	public static CacheValueException notAnInteger(String backend, String key, @Nullable Throwable cause) {
		return new CacheValueException(
				"Value of key '" + key + "' on " + backend + " is not an integer, so it cannot be incremented", cause);
	}

	/**
	 * Describe the writes of a {@link CacheBackend#writeAll bulk write} that failed: how
	 * many, the first keys, and the first failure, which is the cause.
	 * @param backend what names the backend in messages
	 * @param writes the writes of the bulk write
	 * @param failures what each write failed with, at its position, {@code null} where it
	 * succeeded
	 * @return the exception to throw, or {@code null} when every write succeeded
	 * @since 0.1.0
	 */
	public static @Nullable CacheBackendException writesFailed(String backend, List<CacheWrite> writes,
			@Nullable Throwable[] failures) {
		int failed = 0;
		Throwable first = null;
		List<String> keys = new ArrayList<>(FAILED_KEYS_SHOWN);
		for (int i = 0; i < failures.length; i++) {
			Throwable failure = failures[i];
			if (failure != null) {
				failed++;
				first = (first != null) ? first : failure;
				if (keys.size() < FAILED_KEYS_SHOWN) {
					keys.add("'" + writes.get(i).key() + "'");
				}
			}
		}
		if (first == null) {
			return null;
		}
		return new CacheBackendException(backend + " failed " + failed + " of " + writes.size() + " writes (first keys "
				+ String.join(", ", keys) + ((failed > keys.size()) ? ", ..." : "") + "): " + first.getMessage(),
				first);
	}

	/**
	 * Describe a bulk write none of whose writes was made, such as one refused before it
	 * was sent.
	 * @param backend what names the backend in messages
	 * @param writes the writes of the bulk write, not empty
	 * @param cause why none was made
	 * @return the exception to throw
	 * @since 0.1.0
	 */
	public static CacheBackendException allWritesFailed(String backend, List<CacheWrite> writes, Throwable cause) {
		Throwable[] failures = new Throwable[writes.size()];
		Arrays.fill(failures, cause);
		CacheBackendException failure = writesFailed(backend, writes, failures);
		Assert.state(failure != null, "'writes' must not be empty");
		return failure;
	}

	/**
	 * Check that a duration, such as a time to live or a timeout, is positive.
	 * @param name what the duration is, such as {@code 'ttl'}
	 * @param duration the duration
	 * @return the duration
	 * @throws IllegalArgumentException when it is {@code null}, zero or negative
	 */
	public static Duration requirePositive(String name, @Nullable Duration duration) {
		if (duration == null || duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	/**
	 * Make a call at once, on the caller's thread, and hand its result over as a future,
	 * as a backend in this JVM answers an asynchronous call.
	 * @param <T> the type of the result
	 * @param call the call
	 * @return a future completed with what the call returned, or completed exceptionally
	 * with the {@link RuntimeException} it threw
	 * @since 0.1.0
	 */
	public static <T> CompletableFuture<T> now(Supplier<? extends T> call) {
		return start(() -> CompletableFuture.completedFuture(call.get()));
	}

	/**
	 * Start an asynchronous call so that a {@link RuntimeException} it throws before it
	 * returns its future reaches the caller as that future's failure, as every other
	 * failure of the call does.
	 * @param <T> the type of the result
	 * @param start what starts the call and returns its future
	 * @return the call's future, or a future completed exceptionally with what
	 * {@code start} threw
	 * @since 0.1.0
	 */
	public static <T> CompletableFuture<T> start(Supplier<? extends CompletableFuture<T>> start) {
		try {
			return start.get();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * Return what a future failed with: the cause of the {@link CompletionException} or
	 * {@link ExecutionException} that wraps it on its way to a dependent stage or to
	 * {@code get()}.
	 * @param ex what the future reported
	 * @return its cause when it is such a wrapper with a cause, else {@code ex} itself
	 * @since 0.1.0
	 */
	public static Throwable unwrap(Throwable ex) {
		return ((ex instanceof CompletionException || ex instanceof ExecutionException) && ex.getCause() != null)
				? ex.getCause() : ex;
	}

	/**
	 * Return the innermost cause of an exception, which usually says what went wrong (a
	 * refused connection, a server's error) where the outer ones say where.
	 * @param ex the exception
	 * @return its last cause, or {@code ex} itself when it has none
	 * @since 0.1.0
	 */
	public static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

}
