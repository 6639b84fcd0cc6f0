/**
 * Health reporting of cacheobj's backends.
 */
@NullMarked
package io.cacheobj.health;

import org.jspecify.annotations.NullMarked;
