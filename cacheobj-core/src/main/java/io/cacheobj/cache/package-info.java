/**
 * Spring's cache abstraction ({@code @Cacheable} and its siblings) on cacheobj backends.
 */
@NullMarked
package io.cacheobj.cache;

import org.jspecify.annotations.NullMarked;
