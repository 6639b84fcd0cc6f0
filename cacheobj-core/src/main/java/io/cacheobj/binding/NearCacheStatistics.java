package io.cacheobj.binding;

import java.util.Map;

/**
 * A read-only view of one backend's near cache, for metrics, health and management tools:
 * each method reads the near cache's current state, so a meter may keep the view and read
 * it on every scrape. Thread-safe.
 *
 * @since 0.1.0
 * @see CacheObjBinding#nearCacheStatistics()
 */
public final class NearCacheStatistics {

	private final NearCache nearCache;

	NearCacheStatistics(NearCache nearCache) {
		this.nearCache = nearCache;
	}

	/**
	 * Return the name of the backend whose near cache this is.
	 * @return the backend's name
	 */
	public String backend() {
		return this.nearCache.name();
	}

	/**
	 * Return how many reads the near cache served.
	 * @return the count of hits
	 */
	public long hits() {
		return this.nearCache.counts().hits();
	}

	/**
	 * Return how many reads went to the backend, bypassed or not found locally.
	 * @return the count of misses
	 */
	public long misses() {
		return this.nearCache.counts().misses();
	}

	/**
	 * Return how many invalidations the server sent.
	 * @return the count of invalidations
	 */
	public long invalidations() {
		return this.nearCache.counts().invalidations();
	}

	/**
	 * Return how many invalidations of one key removed a local copy.
	 * @return the count of invalidations
	 */
	public long invalidationsRemovingACopy() {
		return this.nearCache.counts().invalidationsRemovingACopy();
	}

	/**
	 * Return how many invalidations of one key found no local copy to remove; the others
	 * of {@link #invalidations()} are flushes, which empty the near cache.
	 * @return the count of invalidations
	 */
	public long invalidationsFindingNone() {
		return this.nearCache.counts().invalidationsFindingNone();
	}

	/**
	 * Return how many local copies the near cache holds.
	 * @return the approximate number of entries
	 */
	public long size() {
		return this.nearCache.size();
	}

	/**
	 * Return the most entries the near cache keeps.
	 * @return the maximum size
	 */
	public long maximumSize() {
		return this.nearCache.maximumSize();
	}

	/**
	 * Return whether the near cache serves reads now: always without an invalidation
	 * source, else while tracking is established and its lease holds.
	 * @return whether it is active
	 */
	public boolean isActive() {
		return this.nearCache.isActive();
	}

	/**
	 * Describe the near cache as health and the {@code cacheobj} endpoint show it:
	 * {@code maximumSize}, {@code ttl}, {@code invalidation}, {@code active},
	 * {@code lease} (with a server), {@code size}, {@code hits}, {@code misses},
	 * {@code invalidations} and {@code tracking} (with a server, the invalidation
	 * source's details).
	 * @return a new map of the details, in that order
	 */
	public Map<String, Object> details() {
		return this.nearCache.details();
	}

	@Override
	public String toString() {
		return "NearCacheStatistics[" + backend() + "]";
	}

}
