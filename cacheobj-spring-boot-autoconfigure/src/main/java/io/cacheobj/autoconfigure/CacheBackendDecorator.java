package io.cacheobj.autoconfigure;

import io.cacheobj.backend.CacheBackend;

/**
 * Wraps a backend as properties use it, such as in a circuit breaker or timers; decorators
 * are applied in order, the first innermost.
 */
@FunctionalInterface
interface CacheBackendDecorator {

	/**
	 * Wrap a backend.
	 * @param name the backend's name
	 * @param backend the backend, possibly already wrapped
	 * @return the backend to use, possibly {@code backend} itself
	 */
	CacheBackend decorate(String name, CacheBackend backend);

}
