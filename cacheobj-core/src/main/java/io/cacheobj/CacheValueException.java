package io.cacheobj;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a value cannot be encoded, when stored bytes do not decode as the declared
 * type, or when a backend refuses a value (too large for memcached, not an integer for a
 * counter). The message names the key and the type. Nothing is written when it is thrown.
 *
 * @since 0.1.0
 */
public class CacheValueException extends CacheObjException {

	private static final long serialVersionUID = 1L;

	/**
	 * Create an exception.
	 * @param message what is wrong, naming the key and the type
	 */
	public CacheValueException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message what is wrong, naming the key and the type
	 * @param cause the decoder's or client's exception
	 */
	public CacheValueException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
