package io.cacheobj;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a backend cannot be reached, does not answer within its timeout, or fails.
 * The message names the backend and the key. The application keeps running: the next call
 * tries the backend again.
 *
 * @since 0.1.0
 */
public class CacheBackendException extends CacheObjException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what failed, naming the backend and the key
	 * @param cause the client's exception
	 */
	public CacheBackendException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
