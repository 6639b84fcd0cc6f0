package io.cacheobj.autoconfigure;

import java.time.Duration;

import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.backend.CacheBackend;

/**
 * Creates the backends of one type; present only when the type's client is on the
 * classpath.
 */
interface CacheBackendFactory {

	BackendType type();

	/**
	 * Create a backend.
	 * @param name the backend's name
	 * @param properties its settings
	 * @return the backend
	 * @throws InvalidCacheObjPropertyException when a setting is invalid
	 */
	CacheBackend create(String name, Backend properties);

	/**
	 * Return a backend's operation timeout: its {@code timeout}, else the type's default.
	 * @param name the backend's name
	 * @param properties its settings
	 * @param defaultTimeout the type's default
	 * @return the timeout
	 * @throws InvalidCacheObjPropertyException when the timeout is not positive
	 */
	static Duration timeout(String name, Backend properties, Duration defaultTimeout) {
		Duration timeout = (properties.getTimeout() != null) ? properties.getTimeout() : defaultTimeout;
		if (timeout.isNegative() || timeout.isZero()) {
			throw new InvalidCacheObjPropertyException("cacheobj.backends." + name + ".timeout", timeout.toString(),
					"is not positive", "Set it to how long an operation may take, such as 500ms or 2s.");
		}
		return timeout;
	}

}
