/**
 * The Redis backend, on Spring Data Redis.
 */
@NullMarked
package io.cacheobj.backend.redis;

import org.jspecify.annotations.NullMarked;
