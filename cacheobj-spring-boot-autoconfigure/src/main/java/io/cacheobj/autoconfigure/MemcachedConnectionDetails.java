package io.cacheobj.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.util.Assert;

/**
 * Details of the servers a {@code memcached} backend connects to, as Spring Boot's
 * {@code DataRedisConnectionDetails} are for Redis. Each memcached backend has a
 * properties-based one, from its {@code servers}; a bean of this type, such as one that a
 * {@code @ServiceConnection} on a Testcontainers {@code memcached} container or a Docker
 * Compose {@code memcached} service contributes, replaces the servers of:
 * <ul>
 * <li>the memcached backend named by {@link #getBackendName()}, when it names one (the
 * container's or service's {@value #BACKEND_LABEL} label);</li>
 * <li>otherwise the only memcached backend; with several, start-up fails and asks for the
 * label.</li>
 * </ul>
 * A backend still needs {@code cacheobj.backends.<name>.type=memcached}, as a redis
 * backend needs its type to use Spring Boot's connection factory.
 *
 * @since 0.1.0
 */
public interface MemcachedConnectionDetails extends ConnectionDetails {

	/**
	 * Label of a container or Docker Compose service that names the backend its
	 * connection details are for.
	 */
	String BACKEND_LABEL = "io.cacheobj.backend";

	/**
	 * Return the servers, in the order keys are spread over them.
	 * @return the servers, never empty
	 */
	List<Server> getServers();

	/**
	 * Return the name of the memcached backend these details are for.
	 * @return the backend's name, or {@code null} for the only memcached backend
	 */
	default @Nullable String getBackendName() {
		return null;
	}

	/**
	 * A memcached server.
	 *
	 * @param host the host name or address
	 * @param port the port
	 */
	record Server(String host, int port) {

		/**
		 * Create a server.
		 * @param host the host name or address
		 * @param port the port, from 1 to 65535
		 */
		public Server {
			Assert.hasText(host, "'host' must not be empty");
			Assert.isTrue(port > 0 && port <= 65535, () -> "'port' must be from 1 to 65535, not " + port);
		}

		@Override
		public String toString() {
			return this.host + ":" + this.port;
		}

	}

}
