package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.backend.CacheBackend;

/**
 * Creates the backends of one type; present only when the type's client is on the
 * classpath.
 */
interface CacheBackendFactory {

	BackendType type();

	/**
	 * Create a backend.
	 * @param settings its resolved settings
	 * @return the backend
	 * @throws InvalidCacheObjPropertyException when a type-specific setting is invalid
	 */
	CacheBackend create(BackendSettings settings);

}
