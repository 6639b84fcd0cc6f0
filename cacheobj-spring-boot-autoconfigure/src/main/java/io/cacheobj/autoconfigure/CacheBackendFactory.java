package io.cacheobj.autoconfigure;

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

}
