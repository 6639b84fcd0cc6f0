/**
 * Auto-configuration of Spring's cache abstraction on cacheobj backends.
 */
@NullMarked
package io.cacheobj.autoconfigure.cache;

import org.jspecify.annotations.NullMarked;
