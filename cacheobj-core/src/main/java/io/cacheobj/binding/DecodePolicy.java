package io.cacheobj.binding;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A backend's {@code on-decode-error} policy: a value that does not decode raises
 * {@link CacheValueException}, or with {@code miss} reads as absent, logged once per key
 * at WARN. Either way it is counted, and the stored value is left as it is: another
 * version of the application may read it.
 */
final class DecodePolicy {

	/** Keys whose undecodable value was logged, at most this many per backend. */
	private static final int MAX_LOGGED_KEYS = 10_000;

	private static final Log logger = LogFactory.getLog(DecodePolicy.class);

	private final String backend;

	private final boolean missOnDecodeError;

	private final LongAdder errors = new LongAdder();

	private final Set<String> loggedKeys = ConcurrentHashMap.newKeySet();

	DecodePolicy(String backend, boolean missOnDecodeError) {
		this.backend = backend;
		this.missOnDecodeError = missOnDecodeError;
	}

	DecodePolicy missing() {
		return new DecodePolicy(this.backend, true);
	}

	/**
	 * Decode a value read from the backend, applying the policy.
	 * @param key the key it was read from
	 * @param stored the value, or {@code null} when absent
	 * @param codec the property's codec
	 * @return the decoded value, or {@code null} when absent or undecodable and missed
	 */
	@Nullable Object decode(String key, @Nullable StoredValue stored, ValueCodec<Object> codec) {
		if (stored == null) {
			return null;
		}
		try {
			return codec.decode(key, stored);
		}
		catch (CacheValueException ex) {
			this.errors.increment();
			if (!this.missOnDecodeError) {
				throw ex;
			}
			if (logger.isWarnEnabled() && this.loggedKeys.size() < MAX_LOGGED_KEYS && this.loggedKeys.add(key)) {
				logger.warn(ex.getMessage() + "; it reads as absent on backend '" + this.backend
						+ "' (on-decode-error=miss) and stays stored" + ((this.loggedKeys.size() == MAX_LOGGED_KEYS)
								? "; no further keys of this backend are logged" : ""));
			}
			return null;
		}
	}

	/**
	 * Return how many values did not decode.
	 * @return the number of decode errors, whether thrown or read as absent
	 */
	long errors() {
		return this.errors.sum();
	}

}
