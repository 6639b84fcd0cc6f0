package io.cacheobj.backend.near;

import java.util.Collection;
import java.util.Map;

/**
 * A source of invalidations pushed by a server for keys under some prefixes.
 *
 * @since 0.2.0
 */
public interface InvalidationSource extends AutoCloseable {

	/**
	 * Start delivering to {@code listener} the invalidations of every key that starts with
	 * one of {@code prefixes}. Called once; returns at once, and tracking is established in
	 * the background.
	 * @param prefixes the key prefixes
	 * @param listener the listener
	 */
	void start(Collection<String> prefixes, InvalidationListener listener);

	/**
	 * Track more prefixes from now on.
	 * @param prefixes the key prefixes to add
	 */
	void addPrefixes(Collection<String> prefixes);

	/**
	 * Return whether every tracking connection is established and tracking.
	 * @return whether invalidations are delivered now
	 */
	boolean isTracking();

	/**
	 * Describe the source's state for health and the endpoint; never credentials.
	 * @return the details
	 */
	Map<String, Object> details();

	@Override
	void close();

}
