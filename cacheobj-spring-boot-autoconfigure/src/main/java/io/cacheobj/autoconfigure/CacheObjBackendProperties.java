package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * One named backend: the settings under {@code cacheobj.backends.<name>}.
 *
 * @since 0.1.0
 */
public class CacheObjBackendProperties {

	/**
	 * Kind of backend: memory, redis or memcached.
	 */
	private @Nullable BackendType type;

	/**
	 * Time to live of values whose property and entity set none; values do not expire
	 * when unset.
	 */
	private @Nullable Duration defaultTtl;

	/**
	 * What a failure of the backend (down, timed out) does: throw a
	 * CacheBackendException, or ignore it, so that reads miss and writes are logged.
	 */
	private OnError onError = OnError.THROW;

	/**
	 * What a stored value that does not decode as the declared type does: throw a
	 * CacheValueException, or read as absent (logged once per key, counted, and left
	 * stored).
	 */
	private OnDecodeError onDecodeError = OnDecodeError.THROW;

	/**
	 * Whether to time the backend's operations in the application's MeterRegistry; by
	 * default every backend but memory ones, whose reads take nanoseconds that two clock
	 * reads and a timer update would multiply.
	 */
	private @Nullable Boolean metricsEnabled;

	/**
	 * Circuit breaker of the backend.
	 */
	private final CacheObjCircuitBreakerProperties circuitBreaker = new CacheObjCircuitBreakerProperties();

	/**
	 * Near cache of the backend: a bounded local copy of the values it reads.
	 */
	private final CacheObjNearCacheProperties nearCache = new CacheObjNearCacheProperties();

	/**
	 * Maximum number of entries a memory backend keeps; 100000 when unset.
	 */
	private @Nullable Long maximumSize;

	/**
	 * Redis URL, such as "redis://user:password@host:6379/0" or "rediss://host:6380";
	 * when neither this nor cluster-nodes is set, the application's
	 * RedisConnectionFactory is used.
	 */
	private @Nullable String url;

	/**
	 * Redis Cluster nodes as host:port.
	 */
	private List<String> clusterNodes = new ArrayList<>();

	/**
	 * Redis Sentinels that name the master, the third way to name a Redis backend's
	 * servers beside url and cluster-nodes.
	 */
	private final Sentinel sentinel = new Sentinel();

	/**
	 * Redis username of the data nodes, for cluster-nodes or sentinel.
	 */
	private @Nullable String username;

	/**
	 * Redis password of the data nodes, for cluster-nodes or sentinel.
	 */
	private @Nullable String password;

	/**
	 * Which Redis nodes serve reads, for cluster-nodes or sentinel; upstream when unset.
	 * Reads from replicas may be stale by the replication lag.
	 */
	private @Nullable ReadFrom readFrom;

	/**
	 * How often a cluster-nodes backend refreshes its view of the cluster, besides the
	 * refreshes that redirections and lost connections trigger; 2s when unset.
	 */
	private @Nullable Duration clusterRefreshPeriod;

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust and key material a Redis
	 * backend uses; setting it enables TLS.
	 */
	private @Nullable String sslBundle;

	/**
	 * Timeout of each operation; 2s for Redis and 1s for memcached when unset.
	 */
	private @Nullable Duration timeout;

	/**
	 * memcached servers as host:port, comma-separated or as a list.
	 */
	private List<String> servers = new ArrayList<>();

	/**
	 * memcached protocol; binary when unset, because over text an increment of a
	 * non-integer makes the client reconnect to the server.
	 */
	private @Nullable MemcachedProtocol protocol;

	/**
	 * What a memcached client does with the keys of a server that is down; redistribute
	 * when unset.
	 */
	private @Nullable MemcachedFailureMode failureMode;

	/**
	 * How keys are spread over several memcached servers; ketama when unset.
	 */
	private @Nullable MemcachedDistribution distribution;

	/**
	 * Item size of the memcached servers (their -I option); larger values are refused
	 * before they are sent; 1MB when unset.
	 */
	private @Nullable DataSize maxItemSize;

	public @Nullable BackendType getType() {
		return this.type;
	}

	public void setType(@Nullable BackendType type) {
		this.type = type;
	}

	public @Nullable Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(@Nullable Duration defaultTtl) {
		this.defaultTtl = defaultTtl;
	}

	public @Nullable Boolean getMetricsEnabled() {
		return this.metricsEnabled;
	}

	public void setMetricsEnabled(@Nullable Boolean metricsEnabled) {
		this.metricsEnabled = metricsEnabled;
	}

	public CacheObjCircuitBreakerProperties getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public CacheObjNearCacheProperties getNearCache() {
		return this.nearCache;
	}

	public OnError getOnError() {
		return this.onError;
	}

	public void setOnError(OnError onError) {
		this.onError = onError;
	}

	public OnDecodeError getOnDecodeError() {
		return this.onDecodeError;
	}

	public void setOnDecodeError(OnDecodeError onDecodeError) {
		this.onDecodeError = onDecodeError;
	}

	public Sentinel getSentinel() {
		return this.sentinel;
	}

	public @Nullable ReadFrom getReadFrom() {
		return this.readFrom;
	}

	public void setReadFrom(@Nullable ReadFrom readFrom) {
		this.readFrom = readFrom;
	}

	public @Nullable Duration getClusterRefreshPeriod() {
		return this.clusterRefreshPeriod;
	}

	public void setClusterRefreshPeriod(@Nullable Duration clusterRefreshPeriod) {
		this.clusterRefreshPeriod = clusterRefreshPeriod;
	}

	public @Nullable Long getMaximumSize() {
		return this.maximumSize;
	}

	public void setMaximumSize(@Nullable Long maximumSize) {
		this.maximumSize = maximumSize;
	}

	public @Nullable String getUrl() {
		return this.url;
	}

	public void setUrl(@Nullable String url) {
		this.url = url;
	}

	public List<String> getClusterNodes() {
		return this.clusterNodes;
	}

	public void setClusterNodes(List<String> clusterNodes) {
		this.clusterNodes = clusterNodes;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getSslBundle() {
		return this.sslBundle;
	}

	public void setSslBundle(@Nullable String sslBundle) {
		this.sslBundle = sslBundle;
	}

	public @Nullable Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	public List<String> getServers() {
		return this.servers;
	}

	public void setServers(List<String> servers) {
		this.servers = servers;
	}

	public @Nullable MemcachedProtocol getProtocol() {
		return this.protocol;
	}

	public void setProtocol(@Nullable MemcachedProtocol protocol) {
		this.protocol = protocol;
	}

	public @Nullable MemcachedDistribution getDistribution() {
		return this.distribution;
	}

	public void setDistribution(@Nullable MemcachedDistribution distribution) {
		this.distribution = distribution;
	}

	public @Nullable DataSize getMaxItemSize() {
		return this.maxItemSize;
	}

	public void setMaxItemSize(@Nullable DataSize maxItemSize) {
		this.maxItemSize = maxItemSize;
	}

	public @Nullable MemcachedFailureMode getFailureMode() {
		return this.failureMode;
	}

	public void setFailureMode(@Nullable MemcachedFailureMode failureMode) {
		this.failureMode = failureMode;
	}

	/**
	 * Redis Sentinels, which name the current master of a replicated Redis and follow it
	 * across failovers.
	 */
	public static class Sentinel {

		/**
		 * Name of the master as the Sentinels know it, such as "mymaster".
		 */
		private @Nullable String master;

		/**
		 * Sentinels as host:port, comma-separated or as a list.
		 */
		private List<String> nodes = new ArrayList<>();

		/**
		 * Password of the Sentinels themselves, when they require one.
		 */
		private @Nullable String password;

		public @Nullable String getMaster() {
			return this.master;
		}

		public void setMaster(@Nullable String master) {
			this.master = master;
		}

		public List<String> getNodes() {
			return this.nodes;
		}

		public void setNodes(List<String> nodes) {
			this.nodes = nodes;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

	}

	/**
	 * Kinds of backend.
	 */
	public enum BackendType {

		/**
		 * In this JVM, on Caffeine.
		 */
		MEMORY,

		/**
		 * Redis, standalone, managed by Sentinel or a cluster, on Spring Data Redis and
		 * Lettuce.
		 */
		REDIS,

		/**
		 * One or more memcached servers, on spymemcached.
		 */
		MEMCACHED

	}

	/**
	 * What a failure of a backend does.
	 */
	public enum OnError {

		/**
		 * Throw a CacheBackendException.
		 */
		THROW,

		/**
		 * Act as a miss on reads, log writes at WARN, and go on.
		 */
		IGNORE

	}

	/**
	 * What a stored value that does not decode as the declared type does.
	 */
	public enum OnDecodeError {

		/**
		 * Throw a CacheValueException naming the key and the type.
		 */
		THROW,

		/**
		 * Read as absent, log the key once at WARN, count it, and leave the value stored.
		 */
		MISS

	}

	/**
	 * Which Redis nodes serve reads, as Lettuce's ReadFrom.
	 */
	public enum ReadFrom {

		/**
		 * The upstream (master) only.
		 */
		UPSTREAM,

		/**
		 * The upstream, or a replica while the upstream is unavailable.
		 */
		UPSTREAM_PREFERRED,

		/**
		 * Replicas only.
		 */
		REPLICA,

		/**
		 * Replicas, or the upstream while no replica is available.
		 */
		REPLICA_PREFERRED,

		/**
		 * The node with the lowest latency, upstream or replica.
		 */
		NEAREST

	}

	/**
	 * memcached protocols.
	 */
	public enum MemcachedProtocol {

		/**
		 * The text protocol.
		 */
		TEXT,

		/**
		 * The binary protocol.
		 */
		BINARY

	}

	/**
	 * How keys are spread over several memcached servers.
	 */
	public enum MemcachedDistribution {

		/**
		 * Ketama consistent hashing: adding or removing a server moves few keys.
		 */
		KETAMA,

		/**
		 * As python-memcached spreads them (CRC32 modulo the number of servers), so that
		 * Python clients with the same server list, in the same order, find the same
		 * keys.
		 */
		PYTHON_MEMCACHED

	}

	/**
	 * What a memcached client does with the keys of a server that is down.
	 */
	public enum MemcachedFailureMode {

		/**
		 * Move the keys to the next live server.
		 */
		REDISTRIBUTE,

		/**
		 * Keep sending to the server, which fails until it returns.
		 */
		RETRY,

		/**
		 * Cancel operations on the server at once until it returns.
		 */
		CANCEL

	}

}
