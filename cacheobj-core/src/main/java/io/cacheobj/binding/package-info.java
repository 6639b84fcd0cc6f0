/**
 * Binding of {@code @CacheEntity} classes and {@code @CachedProperty} fields to keys on
 * their backends, the repository, the near cache, the value codecs, the store other
 * front-ends sit on, and the checks made at start-up.
 */
@NullMarked
package io.cacheobj.binding;

import org.jspecify.annotations.NullMarked;
