package io.cacheobj.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts a memcached backend's {@code servers} property to
 * {@link MemcachedConnectionDetails}, checking each {@code host:port}.
 */
final class PropertiesMemcachedConnectionDetails implements MemcachedConnectionDetails {

	private static final String ACTION = "List the memcached servers as host:port, such as 127.0.0.1:11211,127.0.0.1:11212.";

	private final String backendName;

	private final List<String> servers;

	PropertiesMemcachedConnectionDetails(String backendName, List<String> servers) {
		this.backendName = backendName;
		this.servers = List.copyOf(servers);
	}

	@Override
	public String getBackendName() {
		return this.backendName;
	}

	/**
	 * Return the servers as the property lists them, unchecked.
	 * @return the servers
	 */
	List<String> servers() {
		return this.servers;
	}

	@Override
	public List<Server> getServers() {
		String property = BackendProperty.name(this.backendName, "servers");
		if (this.servers.isEmpty()) {
			throw new InvalidCacheObjPropertyException(property, null,
					"is not set, and no memcached service connection applies to the backend", ACTION);
		}
		List<Server> parsed = new ArrayList<>();
		for (String server : this.servers) {
			String text = server.trim();
			int colon = text.lastIndexOf(':');
			try {
				if (colon <= 0 || colon == text.length() - 1) {
					throw new IllegalArgumentException("expected host:port");
				}
				int port = Integer.parseInt(text.substring(colon + 1));
				if (port < 1 || port > 65535) {
					throw new IllegalArgumentException("port out of range");
				}
				parsed.add(new Server(text.substring(0, colon), port));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidCacheObjPropertyException(property, String.join(",", this.servers),
						"has '" + text + "', which is not host:port (" + ex.getMessage() + ")", ACTION, ex);
			}
		}
		return parsed;
	}

}
