/**
 * Auto-configuration of the timers of cacheobj's backends.
 */
@NullMarked
package io.cacheobj.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
