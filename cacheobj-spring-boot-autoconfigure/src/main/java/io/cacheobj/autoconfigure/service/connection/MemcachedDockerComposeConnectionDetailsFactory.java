package io.cacheobj.autoconfigure.service.connection;

import java.util.List;

import io.cacheobj.autoconfigure.MemcachedConnectionDetails;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

/**
 * Creates {@link MemcachedConnectionDetails} from a Docker Compose service of a
 * {@code memcached} or {@code bitnami/memcached} image (or one labelled
 * {@code org.springframework.boot.service-connection: memcached}); its
 * {@value MemcachedConnectionDetails#BACKEND_LABEL} label names the backend, if any.
 */
class MemcachedDockerComposeConnectionDetailsFactory
		extends DockerComposeConnectionDetailsFactory<MemcachedConnectionDetails> {

	private static final int MEMCACHED_PORT = 11211;

	MemcachedDockerComposeConnectionDetailsFactory() {
		super(new String[] { "memcached", "bitnami/memcached" });
	}

	@Override
	protected MemcachedConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new MemcachedDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * {@link MemcachedConnectionDetails} of a memcached Docker Compose service.
	 */
	static final class MemcachedDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements MemcachedConnectionDetails {

		private final List<Server> servers;

		private final @Nullable String backendName;

		MemcachedDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.servers = List.of(new Server(service.host(), service.ports().get(MEMCACHED_PORT)));
			this.backendName = service.labels().get(BACKEND_LABEL);
		}

		@Override
		public List<Server> getServers() {
			return this.servers;
		}

		@Override
		public @Nullable String getBackendName() {
			return this.backendName;
		}

	}

}
