/**
 * The near cache: local copies of backend values, kept coherent by an
 * {@link io.cacheobj.backend.InvalidationSource} where the backend has one.
 */
@NullMarked
package io.cacheobj.backend.near;

import org.jspecify.annotations.NullMarked;
