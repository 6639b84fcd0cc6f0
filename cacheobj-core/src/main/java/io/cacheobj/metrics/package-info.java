/**
 * Micrometer metrics of cacheobj's backends.
 */
@NullMarked
package io.cacheobj.metrics;

import org.jspecify.annotations.NullMarked;
