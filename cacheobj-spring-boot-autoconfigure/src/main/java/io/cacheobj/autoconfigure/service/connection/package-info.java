/**
 * Connection details of memcached backends from Testcontainers'
 * {@code @ServiceConnection} and Spring Boot's Docker Compose support.
 */
@NullMarked
package io.cacheobj.autoconfigure.service.connection;

import org.jspecify.annotations.NullMarked;
