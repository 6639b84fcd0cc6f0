package io.cacheobj.backend;

import java.util.function.Predicate;

/**
 * What an {@link InvalidationSource} tells its near cache: keys that changed on the
 * server, flushes, and whether invalidations are being delivered at all.
 * <p>
 * Methods are called from the client's I/O threads and from the source's own thread, so
 * they must be thread-safe, return quickly and never block. {@code trackingChanged} calls
 * are never reordered: a {@code false} is always seen before the {@code true} that ends
 * it. An exception thrown by a method is logged and otherwise ignored.
 *
 * @since 0.1.0
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
	 * Return the most keys the listener keeps, such as a near cache's maximum size, so
	 * that a source whose server remembers every key read can warn when it cannot
	 * remember that many.
	 * @return the number of keys, or {@code 0} when unknown
	 * @since 0.1.0
	 */
	default long capacity() {
		return 0;
	}

	/**
	 * Some keys may have changed unseen: those served by a node whose tracking was lost
	 * while the other nodes keep tracking (a source that tracks nodes apart, such as
	 * Redis Cluster in {@code optin} mode). The listener drops its copies of them, and
	 * keeps no answer of a read of them under way; the source makes no read of them to
	 * keep until their node tracks again. By default, {@link #invalidateAll()}.
	 * @param keys which keys
	 * @since 0.1.0
	 */
	default void invalidateAll(Predicate<String> keys) {
		invalidateAll();
	}

	/**
	 * Whether invalidations are delivered changed. {@code false} is called before any
	 * invalidation could be missed: as soon as a tracking connection is lost or a
	 * topology change is seen. {@code true} is called only once tracking is confirmed on
	 * every node needed; values cached while tracking was off may be stale.
	 * @param tracking whether every invalidation is delivered from now on
	 */
	void trackingChanged(boolean tracking);

	/**
	 * Every tracking connection answered a request sent {@code sentNanosAgo} before this
	 * call, so every notice of a change the server made before it read that request has
	 * been delivered. A near cache serves copies only for a while after the last such
	 * confirmation (its lease), so that a connection that goes silent without closing
	 * stops the hits in a bounded time. A source calls it often, such as after every
	 * round of pings.
	 * @param sentNanosAgo how long ago, in nanoseconds, the answered request was sent
	 * @since 0.1.0
	 */
	default void confirmed(long sentNanosAgo) {
	}

}
