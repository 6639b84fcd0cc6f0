package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * What one read through a {@link BackendStore} answered: a value or its absence, the near
 * cache's copy that now holds it, or a failure that the backend's
 * {@code on-error: ignore} policy turned into no answer.
 *
 * @param value the value, {@code null} when absent or failed
 * @param copy the near cache's copy of the value, when the near cache kept it
 * @param failed whether the backend failed and the failure was ignored
 */
record ReadResult(@Nullable StoredValue value, @Nullable NearCacheCopy copy, boolean failed) {

	/** No value. */
	static final ReadResult ABSENT = new ReadResult(null, null, false);

	/**
	 * An ignored failure: the one encoding of it, also where a read answers a decoded
	 * value instead ({@link BackendStore#readDecoded}).
	 */
	static final ReadResult FAILED = new ReadResult(null, null, true);

	static ReadResult of(@Nullable StoredValue value) {
		return (value != null) ? new ReadResult(value, null, false) : ABSENT;
	}

	static ReadResult kept(NearCacheCopy copy) {
		return new ReadResult(copy.value(), copy, false);
	}

}
