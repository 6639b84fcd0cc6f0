/**
 * The memcached backend, on spymemcached.
 */
@NullMarked
package io.cacheobj.backend.memcached;

import org.jspecify.annotations.NullMarked;
