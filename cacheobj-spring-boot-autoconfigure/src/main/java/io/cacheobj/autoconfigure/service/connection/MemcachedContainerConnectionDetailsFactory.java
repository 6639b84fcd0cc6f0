package io.cacheobj.autoconfigure.service.connection;

import java.util.List;

import io.cacheobj.autoconfigure.MemcachedConnectionDetails;
import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

/**
 * Creates {@link MemcachedConnectionDetails} from a {@code @ServiceConnection}-annotated
 * container of a {@code memcached} image, or one whose {@code @ServiceConnection} name is
 * {@code memcached} (a {@code @Bean} container needs the name); its
 * {@value MemcachedConnectionDetails#BACKEND_LABEL} label names the backend, if any.
 */
class MemcachedContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, MemcachedConnectionDetails> {

	private static final int MEMCACHED_PORT = 11211;

	MemcachedContainerConnectionDetailsFactory() {
		super("memcached");
	}

	@Override
	protected MemcachedConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new MemcachedContainerConnectionDetails(source);
	}

	/**
	 * {@link MemcachedConnectionDetails} of a memcached container.
	 */
	static final class MemcachedContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements MemcachedConnectionDetails {

		MemcachedContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public List<Server> getServers() {
			Container<?> container = getContainer();
			return List.of(new Server(container.getHost(), container.getMappedPort(MEMCACHED_PORT)));
		}

		@Override
		public @Nullable String getBackendName() {
			return (getContainer() instanceof GenericContainer<?> container) ? container.getLabels().get(BACKEND_LABEL)
					: null;
		}

	}

}
