package io.cacheobj.backend.near;

/**
 * What an {@link InvalidationSource} tells its near cache: keys that changed on the
 * server, flushes, and whether invalidations are being delivered at all.
 * <p>
 * Methods are called from the client's I/O threads and from the source's own thread, so
 * they must be thread-safe, return quickly and never block. {@code trackingChanged} calls
 * are never reordered: a {@code false} is always seen before the {@code true} that ends
 * it. An exception thrown by a method is logged and otherwise ignored.
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
	 * Whether invalidations are delivered changed. {@code false} is called before any
	 * invalidation could be missed: as soon as a tracking connection is lost or a
	 * topology change is seen. {@code true} is called only once tracking is confirmed on
	 * every node needed; values cached while tracking was off may be stale.
	 * @param tracking whether every invalidation is delivered from now on
	 */
	void trackingChanged(boolean tracking);

}
