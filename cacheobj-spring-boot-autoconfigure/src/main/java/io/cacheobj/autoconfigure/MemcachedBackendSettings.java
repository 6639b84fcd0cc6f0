package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedDistribution;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedFailureMode;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedProtocol;

import org.springframework.util.unit.DataSize;

/**
 * A {@code memcached} backend's settings, its servers coming from the connection details
 * that apply to it: a service connection's, or its {@code servers}.
 *
 * @param timeout the longest time one operation may take
 * @param connection where its servers come from
 * @param protocol the protocol its client speaks
 * @param failureMode what its client does with the keys of a server that is down
 * @param distribution how keys are spread over its servers
 * @param maxItemSize the servers' item size
 */
record MemcachedBackendSettings(Duration timeout, MemcachedConnectionDetails connection, MemcachedProtocol protocol,
		MemcachedFailureMode failureMode, MemcachedDistribution distribution,
		DataSize maxItemSize) implements BackendSettings.OfType {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

	private static final DataSize DEFAULT_ITEM_SIZE = DataSize.ofMegabytes(1);

	/**
	 * Resolve a memcached backend's settings.
	 * @param name the backend's name
	 * @param backend its properties
	 * @param memcachedNames the names of every memcached backend
	 * @param connections the application's memcached connection details, such as those of
	 * service connections
	 * @return its settings
	 * @throws InvalidCacheObjPropertyException when a setting is invalid, or when
	 * connection details name no backend and several memcached backends could take them
	 */
	static MemcachedBackendSettings resolve(String name, CacheObjBackendProperties backend, List<String> memcachedNames,
			List<MemcachedConnectionDetails> connections) {
		Duration timeout = (backend.getTimeout() != null) ? backend.getTimeout() : DEFAULT_TIMEOUT;
		SettingChecks.checkPositive(BackendProperty.name(name, "timeout"), timeout,
				"Set it to how long an operation may take, such as 500ms or 2s.");
		return new MemcachedBackendSettings(timeout, connection(name, backend, memcachedNames, connections),
				(backend.getProtocol() != null) ? backend.getProtocol() : MemcachedProtocol.BINARY,
				(backend.getFailureMode() != null) ? backend.getFailureMode() : MemcachedFailureMode.REDISTRIBUTE,
				(backend.getDistribution() != null) ? backend.getDistribution() : MemcachedDistribution.KETAMA,
				(backend.getMaxItemSize() != null) ? backend.getMaxItemSize() : DEFAULT_ITEM_SIZE);
	}

	private static MemcachedConnectionDetails connection(String name, CacheObjBackendProperties backend,
			List<String> memcachedNames, List<MemcachedConnectionDetails> connections) {
		for (MemcachedConnectionDetails connection : connections) {
			if (name.equals(connection.getBackendName())) {
				return connection;
			}
		}
		List<MemcachedConnectionDetails> unnamed = connections.stream()
			.filter((connection) -> connection.getBackendName() == null)
			.toList();
		if (!unnamed.isEmpty()) {
			if (memcachedNames.size() > 1 || unnamed.size() > 1) {
				throw new InvalidCacheObjPropertyException(BackendProperty.BACKENDS, String.join(",", memcachedNames),
						"has " + memcachedNames.size() + " memcached backends, and " + unnamed.size()
								+ " memcached service connection(s) that name no backend",
						"Label each memcached container or Docker Compose service with "
								+ MemcachedConnectionDetails.BACKEND_LABEL + "=<backend name>.");
			}
			return unnamed.get(0);
		}
		return new PropertiesMemcachedConnectionDetails(name, backend.getServers());
	}

	@Override
	public BackendType type() {
		return BackendType.MEMCACHED;
	}

	@Override
	public String target() {
		if (this.connection instanceof PropertiesMemcachedConnectionDetails properties) {
			return String.join(",", properties.servers());
		}
		return "service connection " + this.connection.getServers()
			.stream()
			.map(MemcachedConnectionDetails.Server::toString)
			.collect(Collectors.joining(","));
	}

}
