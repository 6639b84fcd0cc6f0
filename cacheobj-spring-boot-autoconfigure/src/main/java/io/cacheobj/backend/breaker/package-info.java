/**
 * A circuit breaker around a backend, on Resilience4j.
 */
@NullMarked
package io.cacheobj.backend.breaker;

import org.jspecify.annotations.NullMarked;
