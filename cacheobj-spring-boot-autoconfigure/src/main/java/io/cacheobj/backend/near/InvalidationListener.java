package io.cacheobj.backend.near;

/**
 * What an {@link InvalidationSource} tells its near cache. Called from client I/O
 * threads: implementations must not block.
 *
 * @since 0.2.0
 */
public interface InvalidationListener {

	/**
	 * A key changed, expired, was evicted or was deleted on the server, by any client.
	 * @param key the key
	 */
	void invalidate(String key);

	/**
	 * The server was flushed: every key may have changed.
	 */
	void invalidateAll();

	/**
	 * Tracking was lost ({@code false}, called before any invalidation could be missed) or
	 * established again on every node it needs ({@code true}).
	 * @param tracking whether invalidations are delivered now
	 */
	void trackingChanged(boolean tracking);

}
