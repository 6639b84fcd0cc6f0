/**
 * The in-memory backend, on Caffeine.
 */
@NullMarked
package io.cacheobj.backend.memory;

import org.jspecify.annotations.NullMarked;
