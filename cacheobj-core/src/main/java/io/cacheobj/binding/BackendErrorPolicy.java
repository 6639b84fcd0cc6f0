package io.cacheobj.binding;

import java.util.List;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheWrite;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A backend's {@code on-error} policy: what a failure of the backend becomes, a
 * {@link CacheBackendException} naming it, thrown or, with {@code ignore}, a miss on
 * reads and a WARN log on writes. Programming errors ({@link IllegalArgumentException},
 * {@link UnsupportedOperationException}) and cacheobj's own exceptions other than backend
 * failures are always thrown.
 */
final class BackendErrorPolicy {

	private static final Log logger = LogFactory.getLog(BackendErrorPolicy.class);

	private final String backend;

	private final boolean ignoreFailures;

	BackendErrorPolicy(String backend, boolean ignoreFailures) {
		this.backend = backend;
		this.ignoreFailures = ignoreFailures;
	}

	BackendErrorPolicy ignoring() {
		return new BackendErrorPolicy(this.backend, true);
	}

	/**
	 * Throw what a failure of one operation becomes, unless it is ignored.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @param write whether the operation writes, so that an ignored failure is logged
	 */
	void rethrowUnlessIgnored(String key, Throwable ex, boolean write) {
		RuntimeException failure = failure(ex, () -> BackendFailures.failed(name(), key, String.valueOf(ex), ex));
		if (write && logger.isWarnEnabled()) {
			logger.warn("Write to key '" + key + "' on backend '" + this.backend + "' failed and is ignored (on-error="
					+ "ignore): " + failure.getMessage());
		}
	}

	/**
	 * Throw what a failed bulk write becomes, saying how many writes failed, unless it is
	 * ignored, when it is logged.
	 * @param writes the writes
	 * @param ex what the backend threw
	 */
	void rethrowUnlessIgnored(List<CacheWrite> writes, Throwable ex) {
		RuntimeException failure = failure(ex, () -> BackendFailures.allWritesFailed(name(), writes, ex));
		if (logger.isWarnEnabled()) {
			logger.warn("A batch of " + writes.size() + " writes to backend '" + this.backend
					+ "' failed and is ignored (on-error=ignore): " + failure.getMessage());
		}
	}

	/**
	 * Return the failure to report, thrown unless it is a backend failure this policy
	 * ignores.
	 */
	private RuntimeException failure(Throwable ex, Supplier<CacheBackendException> translated) {
		if (ex instanceof Error error) {
			throw error;
		}
		RuntimeException failure = (ex instanceof CacheObjException cacheObj) ? cacheObj
				: (ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException)
						? (RuntimeException) ex : translated.get();
		if (!this.ignoreFailures || !(failure instanceof CacheBackendException)) {
			throw failure;
		}
		return failure;
	}

	private String name() {
		return "Backend '" + this.backend + "'";
	}

}
