package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.ReadFrom;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import static io.cacheobj.autoconfigure.BackendProperty.CLUSTER_NODES;
import static io.cacheobj.autoconfigure.BackendProperty.CLUSTER_REFRESH_PERIOD;
import static io.cacheobj.autoconfigure.BackendProperty.READ_FROM;
import static io.cacheobj.autoconfigure.BackendProperty.SENTINEL;
import static io.cacheobj.autoconfigure.BackendProperty.SENTINEL_MASTER;
import static io.cacheobj.autoconfigure.BackendProperty.SENTINEL_NODES;
import static io.cacheobj.autoconfigure.BackendProperty.URL;

/**
 * A {@code redis} backend's settings: its servers (one by {@code url}, a cluster, a
 * master that Sentinels name, or the application's {@code RedisConnectionFactory}),
 * credentials and TLS bundle, which nodes serve reads, and its timeout.
 *
 * @param timeout the longest time one operation may take
 * @param servers how its servers are named
 * @param url the server's URL, for {@link RedisServers#URL}
 * @param clusterNodes the cluster's nodes as {@code host:port}, for
 * {@link RedisServers#CLUSTER_NODES}
 * @param sentinel the Sentinels, for {@link RedisServers#SENTINEL}
 * @param username the username of a cluster's or Sentinel master's nodes
 * @param password the password of a cluster's or Sentinel master's nodes
 * @param sslBundle the SSL bundle its connections use, or {@code null}
 * @param readFrom which nodes serve reads
 * @param clusterRefreshPeriod how often a cluster backend refreshes its topology, or
 * {@code null} for other backends
 */
record RedisBackendSettings(Duration timeout, RedisServers servers, @Nullable String url, List<String> clusterNodes,
		@Nullable Sentinel sentinel, @Nullable String username, @Nullable String password, @Nullable String sslBundle,
		ReadFrom readFrom, @Nullable Duration clusterRefreshPeriod) implements BackendSettings.OfType {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration DEFAULT_CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(2);

	/**
	 * Resolve a redis backend's settings.
	 * @param name the backend's name
	 * @param backend its properties
	 * @return its settings
	 * @throws InvalidCacheObjPropertyException when a setting is invalid, or when more
	 * than one of {@code url}, {@code cluster-nodes} and {@code sentinel} is set
	 */
	static RedisBackendSettings resolve(String name, CacheObjBackendProperties backend) {
		String prefix = BackendProperty.prefix(name);
		Duration timeout = (backend.getTimeout() != null) ? backend.getTimeout() : DEFAULT_TIMEOUT;
		SettingChecks.checkPositive(prefix + "timeout", timeout,
				"Set it to how long an operation may take, such as 500ms or 2s.");
		CacheObjBackendProperties.Sentinel sentinel = backend.getSentinel();
		boolean hasUrl = StringUtils.hasText(backend.getUrl());
		boolean hasNodes = !backend.getClusterNodes().isEmpty();
		boolean hasSentinel = sentinel.getMaster() != null || !sentinel.getNodes().isEmpty()
				|| sentinel.getPassword() != null;
		List<String> ways = new ArrayList<>();
		if (hasUrl) {
			ways.add(URL);
		}
		if (hasNodes) {
			ways.add(CLUSTER_NODES);
		}
		if (hasSentinel) {
			ways.add(SENTINEL);
		}
		if (ways.size() > 1) {
			throw new InvalidCacheObjPropertyException(prefix + ways.get(0),
					hasUrl ? Secrets.maskUrl(backend.getUrl()) : null,
					"is set together with " + prefix + String.join(" and " + prefix, ways.subList(1, ways.size())),
					"Set exactly one of " + prefix + URL + " (a standalone server), " + prefix + CLUSTER_NODES
							+ " (a cluster) or " + prefix + SENTINEL
							+ " (servers that Sentinels name), or none to use the application's"
							+ " RedisConnectionFactory.");
		}
		RedisServers servers = hasUrl ? RedisServers.URL : hasNodes ? RedisServers.CLUSTER_NODES
				: hasSentinel ? RedisServers.SENTINEL : RedisServers.APPLICATION;
		if (hasNodes) {
			SettingChecks.checkAddresses(prefix + CLUSTER_NODES, backend.getClusterNodes(),
					"List the cluster's nodes as host:port, such as 10.0.0.1:7000,10.0.0.2:7000.");
		}
		if (hasSentinel) {
			checkSentinel(prefix, sentinel);
		}
		ReadFrom readFrom = backend.getReadFrom();
		if (readFrom != null && servers != RedisServers.CLUSTER_NODES && servers != RedisServers.SENTINEL) {
			throw new InvalidCacheObjPropertyException(prefix + READ_FROM, SettingChecks.kebab(readFrom),
					"applies to backends with cluster-nodes or sentinel only, and this one "
							+ ((servers == RedisServers.URL) ? "has a url, a single server"
									: "uses the application's RedisConnectionFactory"),
					"Remove " + prefix + READ_FROM + ", or name the servers with " + prefix + SENTINEL + " or " + prefix
							+ CLUSTER_NODES + ".");
		}
		Duration refresh = backend.getClusterRefreshPeriod();
		if (refresh != null) {
			if (servers != RedisServers.CLUSTER_NODES) {
				throw new InvalidCacheObjPropertyException(prefix + CLUSTER_REFRESH_PERIOD, refresh.toString(),
						"applies to backends with cluster-nodes only", "Remove " + prefix + CLUSTER_REFRESH_PERIOD
								+ ", or name the servers with " + prefix + CLUSTER_NODES + ".");
			}
			SettingChecks.checkPositive(prefix + CLUSTER_REFRESH_PERIOD, refresh,
					"Set it to how often to refresh the cluster's topology, such as 5s.");
		}
		else if (servers == RedisServers.CLUSTER_NODES) {
			refresh = DEFAULT_CLUSTER_REFRESH_PERIOD;
		}
		return new RedisBackendSettings(timeout, servers, hasUrl ? backend.getUrl() : null,
				List.copyOf(backend.getClusterNodes()),
				hasSentinel
						? new Sentinel(sentinel.getMaster(), List.copyOf(sentinel.getNodes()), sentinel.getPassword())
						: null,
				backend.getUsername(), backend.getPassword(), backend.getSslBundle(),
				(readFrom != null) ? readFrom : ReadFrom.UPSTREAM, refresh);
	}

	private static void checkSentinel(String prefix, CacheObjBackendProperties.Sentinel sentinel) {
		if (!StringUtils.hasText(sentinel.getMaster())) {
			throw new InvalidCacheObjPropertyException(prefix + SENTINEL_MASTER, sentinel.getMaster(), "is not set",
					"Set " + prefix + SENTINEL_MASTER + " to the name the Sentinels monitor the master"
							+ " under, such as mymaster.");
		}
		if (sentinel.getNodes().isEmpty()) {
			throw new InvalidCacheObjPropertyException(prefix + SENTINEL_NODES, null, "is not set",
					"List the Sentinels as host:port under " + prefix + SENTINEL_NODES
							+ ", such as 10.0.0.1:26379,10.0.0.2:26379.");
		}
		SettingChecks.checkAddresses(prefix + SENTINEL_NODES, sentinel.getNodes(),
				"List the Sentinels as host:port, such as 10.0.0.1:26379,10.0.0.2:26379.");
	}

	/**
	 * Return whether reads go to the upstream whenever it is available, so that a near
	 * cache fed by the upstream's invalidations stays coherent.
	 * @return whether reads go to the upstream
	 */
	boolean readsUpstream() {
		return this.readFrom == ReadFrom.UPSTREAM || this.readFrom == ReadFrom.UPSTREAM_PREFERRED;
	}

	@Override
	public BackendType type() {
		return BackendType.REDIS;
	}

	@Override
	public String target() {
		return switch (this.servers) {
			case URL -> String.valueOf(Secrets.maskUrl(this.url));
			case CLUSTER_NODES -> "cluster " + String.join(",", this.clusterNodes);
			case SENTINEL ->
				"sentinel " + requiredSentinel().master() + " at " + String.join(",", requiredSentinel().nodes());
			case APPLICATION -> "the application's RedisConnectionFactory";
		};
	}

	private Sentinel requiredSentinel() {
		if (this.sentinel == null) {
			throw new IllegalStateException("No Sentinels");
		}
		return this.sentinel;
	}

	/**
	 * The Sentinels that name a redis backend's master and replicas.
	 *
	 * @param master the name the Sentinels monitor the master under
	 * @param nodes the Sentinels as {@code host:port}
	 * @param password the Sentinels' password, or {@code null}
	 */
	record Sentinel(String master, List<String> nodes, @Nullable String password) {

	}

	/**
	 * How a redis backend's servers are named.
	 */
	enum RedisServers {

		/**
		 * One server, by {@code url}.
		 */
		URL,

		/**
		 * A cluster, by {@code cluster-nodes}.
		 */
		CLUSTER_NODES,

		/**
		 * A master and its replicas, by the Sentinels under {@code sentinel}.
		 */
		SENTINEL,

		/**
		 * None: the application's {@code RedisConnectionFactory} is used.
		 */
		APPLICATION

	}

}
