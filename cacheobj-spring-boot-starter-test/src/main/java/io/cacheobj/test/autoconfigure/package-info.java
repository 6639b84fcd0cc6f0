/**
 * Test support for applications that use cacheobj: the {@code @CacheObjTest} slice,
 * {@code @AutoConfigureCacheObj} and {@code @ClearCacheObjBackends}.
 */
@NullMarked
package io.cacheobj.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
