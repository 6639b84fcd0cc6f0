/**
 * Resilience of backends: a circuit breaker around a backend, on Resilience4j.
 */
@NullMarked
package io.cacheobj.resilience;

import org.jspecify.annotations.NullMarked;
