package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A local copy, in a {@link NearCache}, of one key's value: what the backend answered and
 * when the copy expires. Expiry is checked here rather than by a Caffeine expiry policy,
 * which would read the system clock on every hit.
 * <p>
 * A copy is retired when it leaves the near cache, for whatever reason, so a reader that
 * keeps the copy it found (a property object) may {@linkplain #reread read it again}
 * without a lookup, with the same guarantees as a lookup.
 */
final class NearCacheCopy {

	private final NearCache owner;

	private final Object value;

	final long expiresAt;

	volatile boolean live = true;

	NearCacheCopy(NearCache owner, Object value, long expiresAt) {
		this.owner = owner;
		this.value = value;
		this.expiresAt = expiresAt;
	}

	/**
	 * Return what the backend answered.
	 * @return the value, or {@code null} when the backend had no such key
	 */
	@Nullable StoredValue value() {
		return (this.value != NearCache.ABSENT) ? (StoredValue) this.value : null;
	}

	/**
	 * Return whether this copy may be served again: it is still in the near cache, not
	 * invalidated nor expired, and the near cache is active; a hit is counted when it
	 * may.
	 * @return whether the copy is still valid
	 */
	boolean reread() {
		if (this.live && servable()) {
			this.owner.counts().hits.increment();
			return true;
		}
		return false;
	}

	/**
	 * Whether this copy is within its time to live and the near cache's lease.
	 */
	boolean servable() {
		long now = this.owner.now();
		return now - this.expiresAt < 0 && now - this.owner.leaseEnd < 0;
	}

}
