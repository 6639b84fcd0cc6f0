package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.CacheBackendSettings.Resolved;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.near.InvalidationSource;
import org.jspecify.annotations.Nullable;

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
	CacheBackend create(Resolved settings);

	/**
	 * Return what tells a near cache of this backend when a value changes on the server.
	 * @param settings the backend's resolved settings
	 * @param backend the backend this factory created
	 * @return the source, or {@code null} when the type cannot invalidate, and a near
	 * cache's ttl alone bounds its staleness
	 */
	default @Nullable InvalidationSource invalidations(Resolved settings, CacheBackend backend) {
		return null;
	}

}
