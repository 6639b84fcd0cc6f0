package io.cacheobj.backend;

import java.time.Duration;

/**
 * A backend whose server tells clients when a value changes, so that a near cache in
 * front of it can drop its copy at once instead of keeping it for its {@code ttl}. The
 * Redis backend implements it with client-side caching's tracking, and the
 * auto-configuration asks every configured backend with a near cache for its source;
 * without Spring Boot, pass {@code invalidations(lease)} to the binding builder's
 * {@code nearCache} method.
 *
 * @since 0.1.0
 */
public interface InvalidatingCacheBackend extends CacheBackend {

	/**
	 * Create a new, unstarted source of this backend's invalidations for one near cache.
	 * The near cache starts and closes it.
	 * @param lease how long a sign of life from the server lets the near cache serve its
	 * copies; the source should confirm delivery through
	 * {@link InvalidationListener#confirmed(long)} well within it
	 * @return a new source
	 */
	InvalidationSource invalidations(Duration lease);

}
