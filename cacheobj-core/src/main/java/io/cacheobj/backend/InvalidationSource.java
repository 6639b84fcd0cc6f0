package io.cacheobj.backend;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * A source of invalidations pushed by a server for the keys under some prefixes, which a
 * near cache listens to in order to drop its local copies of values changed elsewhere.
 * <p>
 * A source starts not tracking: its listener's first {@code trackingChanged} call is
 * {@code true}. Implementations are thread-safe.
 * <p>
 * A source that {@linkplain #readsToKeep() reads to keep} reports only the keys read
 * through it, so a near cache on it keeps only the answers of {@link #readToKeep} and
 * {@link #readAllToKeep}; other sources report every key under their prefixes.
 *
 * @since 0.1.0
 */
public interface InvalidationSource extends AutoCloseable {

	/**
	 * Start delivering to a listener the invalidations of every key that starts with one
	 * of some prefixes. Returns at once: tracking is established in the background and
	 * reported by {@link InvalidationListener#trackingChanged(boolean)}.
	 * @param prefixes the key prefixes, at least one; the empty prefix means every key
	 * @param listener the listener
	 * @throws IllegalStateException when the source was already started or is closed
	 */
	void start(Collection<String> prefixes, InvalidationListener listener);

	/**
	 * Track more prefixes from now on, on every tracking connection and across
	 * reconnects. After a started source returns, writes under the new prefixes are
	 * delivered by every connection that is tracking, unless this waited longer than the
	 * client's timeout (the connection is then treated as lost). Prefixes already covered
	 * are ignored.
	 * @param prefixes the prefixes to add
	 * @throws IllegalStateException when the source is closed
	 */
	void addPrefixes(Collection<String> prefixes);

	/**
	 * Return whether the server reports only the keys read through this source, so that a
	 * near cache must fill from {@link #readToKeep} and {@link #readAllToKeep} rather
	 * than from the backend's reads.
	 * @return whether reads to keep go through this source; {@code false} by default
	 */
	default boolean readsToKeep() {
		return false;
	}

	/**
	 * Read a key so that the server reports its next change to this source, when
	 * {@link #readsToKeep()}. The future fails when the read does, within the client's
	 * timeout; the caller then reads the backend and keeps nothing.
	 * @param key the key
	 * @return a future of the value, or of {@code null} when the key is absent; or
	 * {@code null} when the source cannot read the key so now (it does not track the
	 * key's node), and the answer read elsewhere must not be kept
	 */
	default @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(String key) {
		return null;
	}

	/**
	 * Read keys so that the server reports their next changes to this source, as
	 * {@link #readToKeep} does for one.
	 * @param keys the keys, not empty
	 * @return a future of the values in the order of the keys, {@code null} where absent;
	 * or {@code null} when the source cannot read every key so now
	 */
	default @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(List<String> keys) {
		return null;
	}

	/**
	 * Return whether every tracking connection is established and tracking now.
	 * @return whether every invalidation is delivered
	 */
	boolean isTracking();

	/**
	 * Return the source's state for health indicators and endpoints, such as whether it
	 * is tracking, its nodes and its counts of invalidations and reconnects. Never holds
	 * credentials.
	 * @return the state, a new map on each call
	 */
	Map<String, Object> details();

	/**
	 * Stop tracking and release connections and threads. The listener is not called
	 * afterwards. Closing twice does nothing.
	 */
	@Override
	void close();

}
