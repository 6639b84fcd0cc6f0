/**
 * A JCache (JSR-107) provider on cacheobj's backends: see
 * {@link io.cacheobj.jcache.CacheObjCachingProvider}.
 */
@NullMarked
package io.cacheobj.jcache;

import org.jspecify.annotations.NullMarked;
