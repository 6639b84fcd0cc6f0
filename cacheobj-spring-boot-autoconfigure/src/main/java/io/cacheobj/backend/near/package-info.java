/**
 * The near cache: a bounded local copy of a backend's values, kept coherent by
 * invalidations that the server pushes.
 */
@NullMarked
package io.cacheobj.backend.near;

import org.jspecify.annotations.NullMarked;
