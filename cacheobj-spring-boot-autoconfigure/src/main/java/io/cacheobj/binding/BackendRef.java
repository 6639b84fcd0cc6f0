package io.cacheobj.binding;

import java.time.Duration;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.backend.CacheBackend;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A backend as properties use it: its name, the backend, its default time to live, and
 * whether its failures are ignored.
 *
 * @param name the bean name of the backend
 * @param backend the backend
 * @param defaultTtl the time to live of properties that set none, or {@code null}
 * @param ignoreFailures whether a {@link CacheBackendException} acts as a miss on reads
 * and is logged on writes instead of being thrown
 */
record BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures) {

	private static final Log logger = LogFactory.getLog(BackendRef.class);

	/**
	 * Throw what a failure of this backend becomes, unless this backend ignores it.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @param write whether the operation writes, so that an ignored failure is logged
	 */
	void rethrowUnlessIgnored(String key, RuntimeException ex, boolean write) {
		RuntimeException failure = failure(key, ex, write);
		if (failure != null) {
			throw failure;
		}
	}

	/**
	 * Decide what a failure of this backend becomes.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @param write whether the operation writes, so that an ignored failure is logged
	 * @return the exception to throw, or {@code null} when this backend ignores it
	 */
	private @Nullable RuntimeException failure(String key, RuntimeException ex, boolean write) {
		RuntimeException failure = (ex instanceof CacheObjException) ? ex : new CacheBackendException(
				"Backend '" + this.name + "' failed on key '" + key + "': " + ex, ex);
		if (!this.ignoreFailures || !(failure instanceof CacheBackendException)) {
			return failure;
		}
		if (write && logger.isWarnEnabled()) {
			logger.warn("Write to key '" + key + "' on backend '" + this.name + "' failed and is ignored (on-error="
					+ "ignore): " + failure.getMessage());
		}
		return null;
	}

}
