package io.cacheobj.backend.redis;

import java.util.concurrent.TimeoutException;

import io.cacheobj.CacheObjException;
import io.cacheobj.backend.BackendFailures;

/**
 * Turns what Lettuce and Spring Data Redis throw into the exceptions of one Redis
 * backend, naming the backend and the key, and says in a few words why a tracking
 * connection failed.
 */
final class RedisFailures {

	private final String backend;

	RedisFailures(String name) {
		this.backend = describe(name);
	}

	/**
	 * Return what names a Redis backend in messages.
	 * @param name the backend's name
	 * @return the description, such as {@code Redis backend 'cache'}
	 */
	static String describe(String name) {
		return "Redis backend '" + name + "'";
	}

	/**
	 * Return what names this backend in messages.
	 * @return the description
	 */
	String backend() {
		return this.backend;
	}

	/**
	 * Describe a failure of an operation: cacheobj's own exceptions as they are, a
	 * counter that is not an integer (or would overflow) as a
	 * {@link io.cacheobj.CacheValueException}, anything else as a
	 * {@link io.cacheobj.CacheBackendException} with the root cause's message.
	 * @param key the key of the operation
	 * @param ex what the client threw
	 * @return the exception to throw
	 */
	RuntimeException failure(String key, RuntimeException ex) {
		if (ex instanceof CacheObjException) {
			return ex;
		}
		if (isNotAnInteger(ex)) {
			return BackendFailures.notAnInteger(this.backend, key, ex);
		}
		return BackendFailures.failed(this.backend, key, rootMessage(ex), ex);
	}

	private static boolean isNotAnInteger(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("not an integer") || message.contains("increment or decrement would overflow")) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = BackendFailures.rootCause(ex);
		return (cause != ex) ? ex.getMessage() + " (" + cause.getMessage() + ")" : String.valueOf(ex.getMessage());
	}

	/**
	 * Say why a tracking connection failed, for a log line: the root cause's message, its
	 * type when it has none, or that the server did not answer in time.
	 * @param ex the failure
	 * @return the reason
	 */
	static String reason(Throwable ex) {
		Throwable cause = BackendFailures.rootCause(ex);
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (cause instanceof TimeoutException) ? "no answer within the timeout" : message;
	}

}
