/**
 * Auto-configuration of JCache (JSR-107) on cacheobj backends and of Hibernate's
 * second-level cache on it.
 */
@NullMarked
package io.cacheobj.autoconfigure.jcache;

import org.jspecify.annotations.NullMarked;
