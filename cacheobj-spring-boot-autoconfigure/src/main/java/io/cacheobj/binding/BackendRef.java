package io.cacheobj.binding;

import java.time.Duration;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

/**
 * A backend as properties use it: its name, the backend, and its default time to live.
 *
 * @param name the bean name of the backend
 * @param backend the backend
 * @param defaultTtl the time to live of properties that set none, or {@code null}
 */
record BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl) {

	/**
	 * Wrap a failure that a backend did not report as a {@link CacheObjException}, as a
	 * custom backend may, so that callers only ever see cacheobj's exceptions.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @return the exception to throw
	 */
	RuntimeException failure(String key, RuntimeException ex) {
		if (ex instanceof CacheObjException) {
			return ex;
		}
		return new CacheBackendException("Backend '" + this.name + "' failed on key '" + key + "': " + ex, ex);
	}

}
