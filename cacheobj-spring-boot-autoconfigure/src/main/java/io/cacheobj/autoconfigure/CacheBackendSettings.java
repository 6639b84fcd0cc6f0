package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjProperties.OnDecodeError;
import io.cacheobj.autoconfigure.CacheObjProperties.OnError;
import io.cacheobj.autoconfigure.CacheObjProperties.ReadFrom;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The settings of every backend under {@code cacheobj.backends} (or of the embedded
 * {@code memory} backend), resolved once: each type's defaults applied and every value
 * checked, so that factories, decorators, health and the endpoint read the same answer. A
 * setting that does not apply to a backend's type, or a value out of range, stops
 * start-up with an {@link InvalidCacheObjPropertyException}.
 *
 * @since 0.1.0
 */
public final class CacheBackendSettings {

	/** Name of the backend used when no backend is configured. */
	public static final String EMBEDDED_BACKEND = "memory";

	private static final Duration REDIS_TIMEOUT = Duration.ofSeconds(2);

	private static final Duration MEMCACHED_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration REDIS_NEAR_CACHE_TTL = Duration.ofMinutes(10);

	private static final long MEMORY_MAXIMUM_SIZE = 100_000;

	private static final Duration CLUSTER_REFRESH_PERIOD = Duration.ofSeconds(2);

	private final Map<String, Resolved> backends;

	/**
	 * Resolve the settings of every configured backend.
	 * @param properties cacheobj's properties
	 * @throws InvalidCacheObjPropertyException when a setting is invalid or does not
	 * apply
	 */
	public CacheBackendSettings(CacheObjProperties properties) {
		this(properties, List.of());
	}

	/**
	 * Resolve the settings of every configured backend, memcached backends taking their
	 * servers from the connection details that apply to them (see
	 * {@link MemcachedConnectionDetails}).
	 * @param properties cacheobj's properties
	 * @param memcachedConnections the application's memcached connection details, such as
	 * those of service connections
	 * @throws InvalidCacheObjPropertyException when a setting is invalid or does not
	 * apply, or when connection details name no backend and several memcached backends
	 * could take them
	 * @since 0.1.0
	 */
	public CacheBackendSettings(CacheObjProperties properties, List<MemcachedConnectionDetails> memcachedConnections) {
		Map<String, Resolved> backends = new LinkedHashMap<>();
		if (properties.getBackends().isEmpty()) {
			Backend embedded = new Backend();
			embedded.setType(BackendType.MEMORY);
			backends.put(EMBEDDED_BACKEND, resolve(EMBEDDED_BACKEND, embedded, null));
		}
		List<String> memcachedNames = properties.getBackends()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().getType() == BackendType.MEMCACHED)
			.map(Map.Entry::getKey)
			.toList();
		properties.getBackends()
			.forEach((name, backend) -> backends.put(name,
					resolve(name, backend, memcachedConnection(name, backend, memcachedNames, memcachedConnections))));
		this.backends = Collections.unmodifiableMap(backends);
	}

	private static @Nullable MemcachedConnectionDetails memcachedConnection(String name, Backend backend,
			List<String> memcachedNames, List<MemcachedConnectionDetails> connections) {
		if (backend.getType() != BackendType.MEMCACHED) {
			return null;
		}
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
				throw new InvalidCacheObjPropertyException("cacheobj.backends", String.join(",", memcachedNames),
						"has " + memcachedNames.size() + " memcached backends, and " + unnamed.size()
								+ " memcached service connection(s) that name no backend",
						"Label each memcached container or Docker Compose service with "
								+ MemcachedConnectionDetails.BACKEND_LABEL + "=<backend name>.");
			}
			return unnamed.get(0);
		}
		return new PropertiesMemcachedConnectionDetails(name, backend.getServers());
	}

	/**
	 * Return a backend's settings.
	 * @param name the backend's name
	 * @return its settings, or {@code null} for a backend the application declared as a
	 * bean
	 */
	public @Nullable Resolved get(String name) {
		return this.backends.get(name);
	}

	/**
	 * Describe a backend for health details and the actuator endpoint.
	 * @param name the backend's name
	 * @param backend the backend, whose class names the target of one the application
	 * declared
	 * @return {@code type} ({@code memory}, {@code redis}, {@code memcached} or
	 * {@code custom}) and {@code target}, with any password replaced by {@code ******}
	 */
	public Map<String, Object> describe(String name, CacheBackend backend) {
		Resolved settings = get(name);
		Map<String, Object> description = new LinkedHashMap<>();
		if (settings == null) {
			description.put("type", "custom");
			description.put("target", ClassUtils.getUserClass(backend).getName());
			return description;
		}
		description.put("type", settings.type().name().toLowerCase(Locale.ROOT));
		description.put("target", settings.target());
		return description;
	}

	/**
	 * Return a URL whose password is replaced by {@code ******}.
	 * @param url the URL
	 * @return the masked URL
	 */
	public static String maskUrl(String url) {
		String masked = Secrets.maskUrl(url);
		return (masked != null) ? masked : url;
	}

	private static Resolved resolve(String name, Backend backend, @Nullable MemcachedConnectionDetails memcached) {
		String prefix = "cacheobj.backends." + name + ".";
		BackendType type = backend.getType();
		if (type == null) {
			throw new InvalidCacheObjPropertyException(prefix + "type", null, "is not set",
					"Set " + prefix + "type to one of memory, redis or memcached.");
		}
		rejectInapplicable(prefix, type, backend);
		Duration defaultTtl = backend.getDefaultTtl();
		if (defaultTtl != null) {
			requirePositive(prefix + "default-ttl", defaultTtl, "Set it to how long values live, such as 10m.");
		}
		Duration timeout = switch (type) {
			case MEMORY -> null;
			case REDIS -> (backend.getTimeout() != null) ? backend.getTimeout() : REDIS_TIMEOUT;
			case MEMCACHED -> (backend.getTimeout() != null) ? backend.getTimeout() : MEMCACHED_TIMEOUT;
		};
		if (timeout != null) {
			requirePositive(prefix + "timeout", timeout,
					"Set it to how long an operation may take, such as 500ms or 2s.");
		}
		long maximumSize = (backend.getMaximumSize() != null) ? backend.getMaximumSize() : MEMORY_MAXIMUM_SIZE;
		if (maximumSize < 0) {
			throw new InvalidCacheObjPropertyException(prefix + "maximum-size", String.valueOf(maximumSize),
					"is negative", "Set it to the number of entries the backend may keep, zero or more.");
		}
		checkCircuitBreaker(prefix, backend.getCircuitBreaker());
		boolean remote = type != BackendType.MEMORY;
		Boolean metrics = backend.getMetricsEnabled();
		Boolean breaker = backend.getCircuitBreaker().getEnabled();
		RedisSettings redis = (type == BackendType.REDIS) ? redis(prefix, backend) : null;
		return new Resolved(name, type, defaultTtl, timeout, backend.getOnError(), backend.getOnDecodeError(),
				(metrics != null) ? metrics : remote, (breaker != null) ? breaker : remote, maximumSize,
				nearCache(prefix, type, backend, redis), redis, backend, memcached);
	}

	private static RedisSettings redis(String prefix, Backend backend) {
		CacheObjProperties.Sentinel sentinel = backend.getSentinel();
		boolean hasUrl = StringUtils.hasText(backend.getUrl());
		boolean hasNodes = !backend.getClusterNodes().isEmpty();
		boolean hasSentinel = sentinel.getMaster() != null || !sentinel.getNodes().isEmpty()
				|| sentinel.getPassword() != null;
		List<String> ways = new ArrayList<>();
		addIf(ways, true, hasUrl, "url");
		addIf(ways, true, hasNodes, "cluster-nodes");
		addIf(ways, true, hasSentinel, "sentinel");
		if (ways.size() > 1) {
			throw new InvalidCacheObjPropertyException(prefix + ways.get(0),
					hasUrl ? Secrets.maskUrl(backend.getUrl()) : null,
					"is set together with " + prefix + String.join(" and " + prefix, ways.subList(1, ways.size())),
					"Set exactly one of " + prefix + "url (a standalone server), " + prefix
							+ "cluster-nodes (a cluster) or " + prefix
							+ "sentinel (servers that Sentinels name), or none to use the application's"
							+ " RedisConnectionFactory.");
		}
		RedisServers servers = hasUrl ? RedisServers.URL : hasNodes ? RedisServers.CLUSTER_NODES
				: hasSentinel ? RedisServers.SENTINEL : RedisServers.APPLICATION;
		if (hasNodes) {
			checkAddresses(prefix + "cluster-nodes", backend.getClusterNodes(),
					"List the cluster's nodes as host:port, such as 10.0.0.1:7000,10.0.0.2:7000.");
		}
		if (hasSentinel) {
			if (!StringUtils.hasText(sentinel.getMaster())) {
				throw new InvalidCacheObjPropertyException(prefix + "sentinel.master", sentinel.getMaster(),
						"is not set", "Set " + prefix + "sentinel.master to the name the Sentinels monitor the master"
								+ " under, such as mymaster.");
			}
			if (sentinel.getNodes().isEmpty()) {
				throw new InvalidCacheObjPropertyException(prefix + "sentinel.nodes", null, "is not set",
						"List the Sentinels as host:port under " + prefix
								+ "sentinel.nodes, such as 10.0.0.1:26379,10.0.0.2:26379.");
			}
			checkAddresses(prefix + "sentinel.nodes", sentinel.getNodes(),
					"List the Sentinels as host:port, such as 10.0.0.1:26379,10.0.0.2:26379.");
		}
		ReadFrom readFrom = backend.getReadFrom();
		if (readFrom != null && servers != RedisServers.CLUSTER_NODES && servers != RedisServers.SENTINEL) {
			throw new InvalidCacheObjPropertyException(prefix + "read-from", kebab(readFrom),
					"applies to backends with cluster-nodes or sentinel only, and this one "
							+ ((servers == RedisServers.URL) ? "has a url, a single server"
									: "uses the application's RedisConnectionFactory"),
					"Remove " + prefix + "read-from, or name the servers with " + prefix + "sentinel or " + prefix
							+ "cluster-nodes.");
		}
		Duration refresh = backend.getClusterRefreshPeriod();
		if (refresh != null) {
			if (servers != RedisServers.CLUSTER_NODES) {
				throw new InvalidCacheObjPropertyException(prefix + "cluster-refresh-period", refresh.toString(),
						"applies to backends with cluster-nodes only", "Remove " + prefix
								+ "cluster-refresh-period, or name the servers with " + prefix + "cluster-nodes.");
			}
			requirePositive(prefix + "cluster-refresh-period", refresh,
					"Set it to how often to refresh the cluster's topology, such as 5s.");
		}
		else if (servers == RedisServers.CLUSTER_NODES) {
			refresh = CLUSTER_REFRESH_PERIOD;
		}
		return new RedisSettings(servers, (readFrom != null) ? readFrom : ReadFrom.UPSTREAM, refresh);
	}

	private static void checkAddresses(String property, List<String> addresses, String action) {
		for (String address : addresses) {
			int colon = address.lastIndexOf(':');
			boolean valid = colon > 0 && colon < address.length() - 1;
			if (valid) {
				try {
					int port = Integer.parseInt(address.substring(colon + 1).trim());
					valid = port > 0 && port < 65536;
				}
				catch (NumberFormatException ex) {
					valid = false;
				}
			}
			if (!valid) {
				throw new InvalidCacheObjPropertyException(property, String.join(",", addresses),
						"has '" + address + "', which is not host:port", action);
			}
		}
	}

	private static String kebab(Enum<?> value) {
		return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static @Nullable NearCacheSettings nearCache(String prefix, BackendType type, Backend backend,
			@Nullable RedisSettings redis) {
		CacheObjProperties.NearCache nearCache = backend.getNearCache();
		if (!nearCache.isEnabled()) {
			return null;
		}
		if (redis != null && !redis.readsUpstream()) {
			throw new InvalidCacheObjPropertyException(prefix + "near-cache.enabled", "true",
					"cannot be kept coherent with read-from " + kebab(redis.readFrom())
							+ ": invalidations come from the upstream, and a replica's answer may predate one that"
							+ " already arrived, so a stale copy could be kept until near-cache.ttl",
					"Set " + prefix + "read-from to upstream or upstream-preferred, or disable " + prefix
							+ "near-cache.");
		}
		if (type == BackendType.MEMORY) {
			throw new InvalidCacheObjPropertyException(prefix + "near-cache.enabled", "true",
					"applies to remote backends only, and this one is a memory backend",
					"Remove " + prefix + "near-cache: a memory backend is already local.");
		}
		if (nearCache.getMaximumSize() <= 0) {
			throw new InvalidCacheObjPropertyException(prefix + "near-cache.maximum-size",
					String.valueOf(nearCache.getMaximumSize()), "is not positive",
					"Set it to the number of local copies to keep, such as 10000.");
		}
		Duration ttl = nearCache.getTtl();
		if (ttl == null) {
			if (type != BackendType.REDIS) {
				throw new InvalidCacheObjPropertyException(prefix + "near-cache.ttl", null,
						"is not set, and a " + type.name().toLowerCase(Locale.ROOT)
								+ " backend cannot tell the near cache when a value changes",
						"Set " + prefix + "near-cache.ttl to how stale a local copy may be, such as 5s.");
			}
			ttl = REDIS_NEAR_CACHE_TTL;
		}
		requirePositive(prefix + "near-cache.ttl", ttl, "Set it to how long a local copy may live, such as 10m.");
		requirePositive(prefix + "near-cache.lease", nearCache.getLease(),
				"Set it to how long the near cache may serve copies without hearing from the server, such as 1s.");
		return new NearCacheSettings(nearCache.getMaximumSize(), ttl, nearCache.getLease(), type == BackendType.REDIS);
	}

	private static void checkCircuitBreaker(String prefix, CacheObjProperties.CircuitBreaker breaker) {
		String action = "Use a failure rate above 0 and at most 100, positive counts and a positive wait duration.";
		if (!(breaker.getFailureRateThreshold() > 0 && breaker.getFailureRateThreshold() <= 100)) {
			throw new InvalidCacheObjPropertyException(prefix + "circuit-breaker.failure-rate-threshold",
					String.valueOf(breaker.getFailureRateThreshold()), "is not a percentage above 0", action);
		}
		checkCount(prefix + "circuit-breaker.minimum-number-of-calls", breaker.getMinimumNumberOfCalls(), action);
		checkCount(prefix + "circuit-breaker.sliding-window-size", breaker.getSlidingWindowSize(), action);
		checkCount(prefix + "circuit-breaker.permitted-number-of-calls-in-half-open-state",
				breaker.getPermittedNumberOfCallsInHalfOpenState(), action);
		requirePositive(prefix + "circuit-breaker.wait-duration-in-open-state", breaker.getWaitDurationInOpenState(),
				action);
	}

	private static void checkCount(String property, int count, String action) {
		if (count < 1) {
			throw new InvalidCacheObjPropertyException(property, String.valueOf(count), "is not positive", action);
		}
	}

	private static void rejectInapplicable(String prefix, BackendType type, Backend backend) {
		List<String> set = new ArrayList<>();
		boolean redis = type == BackendType.REDIS;
		boolean memcached = type == BackendType.MEMCACHED;
		addIf(set, !redis, StringUtils.hasText(backend.getUrl()), "url");
		addIf(set, !redis, !backend.getClusterNodes().isEmpty(), "cluster-nodes");
		addIf(set, !redis, backend.getSslBundle() != null, "ssl-bundle");
		CacheObjProperties.Sentinel sentinel = backend.getSentinel();
		addIf(set, !redis, sentinel.getMaster() != null || !sentinel.getNodes().isEmpty(), "sentinel");
		addIf(set, !redis, sentinel.getPassword() != null, "sentinel.password");
		addIf(set, !redis, backend.getReadFrom() != null, "read-from");
		addIf(set, !redis, backend.getClusterRefreshPeriod() != null, "cluster-refresh-period");
		boolean dataNodes = !backend.getClusterNodes().isEmpty() || sentinel.getMaster() != null
				|| !sentinel.getNodes().isEmpty();
		addIf(set, !redis || !dataNodes, backend.getUsername() != null, "username");
		addIf(set, !redis || !dataNodes, backend.getPassword() != null, "password");
		addIf(set, type == BackendType.MEMORY, backend.getTimeout() != null, "timeout");
		addIf(set, type != BackendType.MEMORY, backend.getMaximumSize() != null, "maximum-size");
		addIf(set, !memcached, !backend.getServers().isEmpty(), "servers");
		addIf(set, !memcached, backend.getProtocol() != null, "protocol");
		addIf(set, !memcached, backend.getFailureMode() != null, "failure-mode");
		addIf(set, !memcached, backend.getDistribution() != null, "distribution");
		addIf(set, !memcached, backend.getMaxItemSize() != null, "max-item-size");
		if (set.isEmpty()) {
			return;
		}
		String first = prefix + set.get(0);
		String typeName = type.name().toLowerCase(Locale.ROOT);
		boolean credentials = redis && (set.contains("username") || set.contains("password"));
		throw new InvalidCacheObjPropertyException(first, null,
				"does not apply to a " + typeName + " backend"
						+ (credentials ? " without cluster-nodes or sentinel" : "")
						+ ((set.size() > 1) ? " (nor do " + String.join(", ", set.subList(1, set.size())) + ")" : ""),
				credentials ? "Put the credentials in the url (redis://user:password@host:6379), or remove them."
						: "Remove " + String.join(", ", set) + " from " + prefix.substring(0, prefix.length() - 1)
								+ ", or correct its type.");
	}

	private static void addIf(List<String> set, boolean inapplicable, boolean present, String name) {
		if (inapplicable && present) {
			set.add(name);
		}
	}

	private static void requirePositive(String property, Duration duration, String action) {
		if (duration.isNegative() || duration.isZero()) {
			throw new InvalidCacheObjPropertyException(property, duration.toString(), "is not positive", action);
		}
	}

	/**
	 * One backend's resolved settings.
	 *
	 * @param name the backend's name
	 * @param type its type
	 * @param defaultTtl the time to live of values whose property and entity set none, or
	 * {@code null}
	 * @param timeout the longest time one operation may take, or {@code null} for memory
	 * backends
	 * @param onError what a failure of the backend does
	 * @param onDecodeError what a value that does not decode does
	 * @param metricsEnabled whether its operations are timed
	 * @param circuitBreakerEnabled whether a circuit breaker guards it
	 * @param maximumSize the entries a memory backend keeps
	 * @param nearCache its near cache, or {@code null} when it has none
	 * @param redis the settings of a redis backend, {@code null} for other types
	 * @param properties the properties it was resolved from, for type-specific settings
	 * @param memcachedConnection where a memcached backend's servers come from: a service
	 * connection, or its {@code servers}; {@code null} for other types
	 */
	public record Resolved(String name, BackendType type, @Nullable Duration defaultTtl, @Nullable Duration timeout,
			OnError onError, OnDecodeError onDecodeError, boolean metricsEnabled, boolean circuitBreakerEnabled,
			long maximumSize, @Nullable NearCacheSettings nearCache, @Nullable RedisSettings redis, Backend properties,
			@Nullable MemcachedConnectionDetails memcachedConnection) {

		/**
		 * Return the timeout of a remote backend.
		 * @return the timeout
		 * @throws IllegalStateException for a memory backend
		 */
		public Duration requiredTimeout() {
			if (this.timeout == null) {
				throw new IllegalStateException("Backend '" + this.name + "' has no timeout");
			}
			return this.timeout;
		}

		String target() {
			return switch (this.type) {
				case MEMORY -> "this JVM (maximum-size " + this.maximumSize + ")";
				case REDIS -> redisTarget();
				case MEMCACHED -> memcachedTarget();
			};
		}

		private String memcachedTarget() {
			MemcachedConnectionDetails connection = this.memcachedConnection;
			if (connection == null || connection instanceof PropertiesMemcachedConnectionDetails) {
				return String.join(",", this.properties.getServers());
			}
			return "service connection " + connection.getServers()
				.stream()
				.map(MemcachedConnectionDetails.Server::toString)
				.collect(Collectors.joining(","));
		}

		private String redisTarget() {
			String url = this.properties.getUrl();
			if (StringUtils.hasText(url)) {
				return maskUrl(url);
			}
			if (!this.properties.getClusterNodes().isEmpty()) {
				return "cluster " + String.join(",", this.properties.getClusterNodes());
			}
			CacheObjProperties.Sentinel sentinel = this.properties.getSentinel();
			if (!sentinel.getNodes().isEmpty()) {
				return "sentinel " + sentinel.getMaster() + " at " + String.join(",", sentinel.getNodes());
			}
			return "the application's RedisConnectionFactory";
		}

	}

	/**
	 * A redis backend's resolved settings.
	 *
	 * @param servers how its servers are named
	 * @param readFrom which nodes serve reads
	 * @param clusterRefreshPeriod how often a cluster backend refreshes its topology, or
	 * {@code null} for other backends
	 */
	public record RedisSettings(RedisServers servers, ReadFrom readFrom, @Nullable Duration clusterRefreshPeriod) {

		/**
		 * Return whether reads go to the upstream whenever it is available, so that a
		 * near cache fed by the upstream's invalidations stays coherent.
		 * @return whether reads go to the upstream
		 */
		public boolean readsUpstream() {
			return this.readFrom == ReadFrom.UPSTREAM || this.readFrom == ReadFrom.UPSTREAM_PREFERRED;
		}

	}

	/**
	 * How a redis backend's servers are named.
	 */
	public enum RedisServers {

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

	/**
	 * A backend's resolved near cache settings.
	 *
	 * @param maximumSize the most entries it keeps
	 * @param ttl the longest a local copy lives
	 * @param lease the longest the near cache serves copies after the server last
	 * answered its tracking connections
	 * @param invalidated whether the server invalidates local copies (Redis)
	 */
	public record NearCacheSettings(long maximumSize, Duration ttl, Duration lease, boolean invalidated) {

	}

}
