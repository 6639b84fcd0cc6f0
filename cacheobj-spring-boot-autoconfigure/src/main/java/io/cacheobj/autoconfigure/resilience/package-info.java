/**
 * Auto-configuration of the circuit breakers of cacheobj's backends.
 */
@NullMarked
package io.cacheobj.autoconfigure.resilience;

import org.jspecify.annotations.NullMarked;
