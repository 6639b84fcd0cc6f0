package io.cacheobj.jcache;

import java.time.Duration;

import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;

import org.jspecify.annotations.Nullable;

/**
 * The expiry of a {@link CacheObjJCache}'s entries: its {@link ExpiryPolicy}, the expiry
 * times the policy's durations give, and the server's time to live for an entry.
 */
final class JCacheExpiry {

	static final long ETERNAL = Long.MAX_VALUE;

	private static final Duration EXPIRED_KEPT_AT_MOST = Duration.ofMinutes(1);

	private final ExpiryPolicy policy;

	/** Whether the expiry policy is {@link EternalExpiryPolicy}: a put is one write. */
	private final boolean eternal;

	JCacheExpiry(ExpiryPolicy policy) {
		this.policy = policy;
		this.eternal = policy.getClass() == EternalExpiryPolicy.class;
	}

	boolean isEternal() {
		return this.eternal;
	}

	ExpiryPolicy policy() {
		return this.policy;
	}

	/**
	 * The server's time to live for an entry expiring at a time: the time left, and as
	 * long again up to {@link #EXPIRED_KEPT_AT_MOST}, so that a read in that time finds
	 * the entry expired (by its header), removes it and tells the expiry listeners.
	 */
	static @Nullable Duration ttl(long expiresAt) {
		if (expiresAt == ETERNAL) {
			return null;
		}
		long left = Math.max(1, expiresAt - System.currentTimeMillis());
		return Duration.ofMillis(left + Math.min(left, EXPIRED_KEPT_AT_MOST.toMillis()));
	}

	/** The expiry time a duration gives, {@code -1} for "expired now". */
	static long expiresAt(javax.cache.expiry.Duration duration) {
		if (duration.isEternal()) {
			return ETERNAL;
		}
		if (duration.isZero()) {
			return -1;
		}
		long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
		long at = System.currentTimeMillis() + Math.max(1, millis);
		return (at < 0) ? ETERNAL : at;
	}

	/**
	 * The expiry time of an entry created now, {@code -1} for "expired now".
	 */
	long creation() {
		javax.cache.expiry.Duration duration = creationDuration();
		return (duration != null) ? expiresAt(duration) : ETERNAL;
	}

	/**
	 * The expiry time of an entry updated now, {@code -1} for "expired now".
	 * @param current the entry's expiry time so far, kept when the policy says so
	 */
	long update(long current) {
		javax.cache.expiry.Duration duration = updateDuration();
		return (duration != null) ? expiresAt(duration) : current;
	}

	private javax.cache.expiry.@Nullable Duration creationDuration() {
		try {
			return this.policy.getExpiryForCreation();
		}
		catch (RuntimeException ex) {
			return javax.cache.expiry.Duration.ETERNAL;
		}
	}

	private javax.cache.expiry.@Nullable Duration updateDuration() {
		try {
			return this.policy.getExpiryForUpdate();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	javax.cache.expiry.@Nullable Duration access() {
		try {
			return this.policy.getExpiryForAccess();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
