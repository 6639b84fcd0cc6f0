/**
 * The cacheobj API: entity annotations, cached properties, the repository and exceptions.
 */
@NullMarked
package io.cacheobj;

import org.jspecify.annotations.NullMarked;
