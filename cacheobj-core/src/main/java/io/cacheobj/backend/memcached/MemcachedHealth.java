package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.TreeMap;

import net.spy.memcached.MemcachedClient;

/**
 * The health check of a {@link MemcachedCacheBackend}: every server is asked for its
 * version.
 */
final class MemcachedHealth {

	private MemcachedHealth() {
	}

	/**
	 * Check the servers, as {@link MemcachedCacheBackend#check()} describes.
	 * @param client the backend's client
	 * @param failures the backend's failures
	 * @return the details
	 */
	static Map<String, Object> check(MemcachedClient client, MemcachedFailures failures) {
		Map<SocketAddress, String> versions;
		try {
			versions = client.getVersions();
		}
		catch (RuntimeException ex) {
			throw failures.healthCheckFailed(ex);
		}
		Map<String, Object> servers = new TreeMap<>();
		for (SocketAddress server : client.getAvailableServers()) {
			servers.put(describe(server), "available");
		}
		for (SocketAddress server : client.getUnavailableServers()) {
			servers.put(describe(server), "unavailable");
		}
		versions.forEach((server, version) -> servers.put(describe(server), version));
		if (versions.isEmpty()) {
			throw failures.noServerAnswers(servers);
		}
		return Map.of("servers", servers);
	}

	private static String describe(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return inet.getHostString() + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

}
