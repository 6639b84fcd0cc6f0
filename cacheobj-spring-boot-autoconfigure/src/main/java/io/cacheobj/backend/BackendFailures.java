package io.cacheobj.backend;

import java.time.Duration;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import org.jspecify.annotations.Nullable;

/**
 * The exceptions and checks that every {@link CacheBackend} shares, so that each failure
 * reads the same whichever backend raises it; for custom backends too.
 *
 * @since 0.2.0
 */
public final class BackendFailures {

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

}
