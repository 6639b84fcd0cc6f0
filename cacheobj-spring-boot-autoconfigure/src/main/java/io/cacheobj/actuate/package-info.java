/**
 * The {@code cacheobj} actuator endpoint.
 */
@NullMarked
package io.cacheobj.actuate;

import org.jspecify.annotations.NullMarked;
