package io.cacheobj;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the exceptions cacheobj throws.
 *
 * @since 0.1.0
 */
public class CacheObjException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what went wrong
	 */
	public CacheObjException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message what went wrong
	 * @param cause the underlying failure
	 */
	public CacheObjException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
