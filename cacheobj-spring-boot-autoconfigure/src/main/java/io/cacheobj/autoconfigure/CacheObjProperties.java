package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.redis.RedisTrackingMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of cacheobj.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("cacheobj")
public class CacheObjProperties {

	/**
	 * Name of the backend of properties that name none; when unset, the only backend, or
	 * the embedded "memory" backend when no backends are configured.
	 */
	private @Nullable String defaultBackend;

	/**
	 * Text prepended to every key, such as "myapp:".
	 */
	private String keyPrefix = "";

	/**
	 * Backends by name; each is a bean under its name.
	 */
	private Map<String, Backend> backends = new LinkedHashMap<>();

	/**
	 * Spring's cache abstraction (the cache annotations) on the backends.
	 */
	private final SpringCache springCache = new SpringCache();

	/**
	 * JCache (JSR-107) caches on the backends, and Hibernate's second-level cache on
	 * them.
	 */
	private final JCache jcache = new JCache();

	/**
	 * Settings for an application's tests, which cacheobj's test annotations set.
	 */
	private final Test test = new Test();

	public SpringCache getSpringCache() {
		return this.springCache;
	}

	public JCache getJcache() {
		return this.jcache;
	}

	public Test getTest() {
		return this.test;
	}

	public @Nullable String getDefaultBackend() {
		return this.defaultBackend;
	}

	public void setDefaultBackend(@Nullable String defaultBackend) {
		this.defaultBackend = defaultBackend;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Map<String, Backend> getBackends() {
		return this.backends;
	}

	public void setBackends(Map<String, Backend> backends) {
		this.backends = backends;
	}

	/**
	 * Settings for an application's tests, set by {@code @AutoConfigureCacheObj} of
	 * cacheobj-spring-boot-starter-test; not for production.
	 */
	public static class Test {

		/**
		 * Which configured backends to replace by a memory backend of the same name, for
		 * tests without servers: none, or any (every redis and memcached backend).
		 */
		private TestReplace replace = TestReplace.NONE;

		public TestReplace getReplace() {
			return this.replace;
		}

		public void setReplace(TestReplace replace) {
			this.replace = replace;
		}

	}

	/**
	 * Spring's cache abstraction on cacheobj backends: the caches that the cache
	 * annotations use when the application enables caching.
	 */
	public static class SpringCache {

		/**
		 * Whether to auto-configure cacheobj's Spring cache manager when the application
		 * enables caching and neither declares a CacheManager nor sets spring.cache.type.
		 */
		private boolean enabled = true;

		/**
		 * Name of the backend of caches that name none; when unset,
		 * cacheobj.default-backend.
		 */
		private @Nullable String defaultBackend;

		/**
		 * Time to live of the entries of caches that set none; when unset, entries do not
		 * expire.
		 */
		private @Nullable Duration defaultTtl;

		/**
		 * Whether a cache that is not listed under caches is created on the default
		 * backend when it is first used.
		 */
		private boolean dynamic = true;

		/**
		 * Caches by name; a name must not contain "::", white space, control or glob
		 * characters.
		 */
		private Map<String, Cache> caches = new LinkedHashMap<>();

		/**
		 * Packages whose types cached values may have, besides the application's packages
		 * and the JDK's value and collection types; a value of any other type is refused
		 * when stored and, stored by another client, never instantiated and read as a
		 * miss.
		 */
		private List<String> trustedPackages = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getDefaultBackend() {
			return this.defaultBackend;
		}

		public void setDefaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
		}

		public @Nullable Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(@Nullable Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public boolean isDynamic() {
			return this.dynamic;
		}

		public void setDynamic(boolean dynamic) {
			this.dynamic = dynamic;
		}

		public Map<String, Cache> getCaches() {
			return this.caches;
		}

		public void setCaches(Map<String, Cache> caches) {
			this.caches = caches;
		}

		public List<String> getTrustedPackages() {
			return this.trustedPackages;
		}

		public void setTrustedPackages(List<String> trustedPackages) {
			this.trustedPackages = trustedPackages;
		}

	}

	/**
	 * JCache (JSR-107) caches on cacheobj backends, with the cacheobj-jcache module on
	 * the classpath, and Hibernate's second-level cache on them.
	 */
	public static class JCache {

		/**
		 * Name of the backend of caches created without one (Hibernate's regions among
		 * them); when unset, cacheobj.default-backend. A memcached backend is refused: it
		 * cannot list keys nor keep a time to live on update.
		 */
		private @Nullable String defaultBackend;

		/**
		 * Packages whose classes a cached value may be made of, besides the JDK's value
		 * types, Hibernate's cache entries and the application's packages; no other class
		 * is ever instantiated from stored bytes.
		 */
		private List<String> allowedPackages = new ArrayList<>();

		/**
		 * Caches by name, such as Hibernate's regions (an entity's class name).
		 */
		private Map<String, JCacheCache> caches = new LinkedHashMap<>();

		/**
		 * Hibernate's second-level cache on the JCache cache manager.
		 */
		private final Hibernate hibernate = new Hibernate();

		public @Nullable String getDefaultBackend() {
			return this.defaultBackend;
		}

		public void setDefaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
		}

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

		public Map<String, JCacheCache> getCaches() {
			return this.caches;
		}

		public void setCaches(Map<String, JCacheCache> caches) {
			this.caches = caches;
		}

		public Hibernate getHibernate() {
			return this.hibernate;
		}

		/**
		 * Hibernate's second-level cache.
		 */
		public static class Hibernate {

			/**
			 * Whether to hand the application's JCache cache manager to hibernate-jcache
			 * when spring.jpa.properties.hibernate.cache.region.factory_class is jcache
			 * and the application names no cache manager or provider of its own.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * One named JCache cache. A name with dots (a Hibernate region) goes in brackets:
	 * {@code cacheobj.jcache.caches[com.example.Customer].ttl}.
	 */
	public static class JCacheCache {

		/**
		 * Name of the backend the cache's entries live on; when unset, the JCache default
		 * backend.
		 */
		private @Nullable String backend;

		/**
		 * Time to live of the cache's entries from their creation, for a cache created
		 * without an expiry policy of its own (as Hibernate's regions are); when unset,
		 * entries do not expire.
		 */
		private @Nullable Duration ttl;

		public @Nullable String getBackend() {
			return this.backend;
		}

		public void setBackend(@Nullable String backend) {
			this.backend = backend;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * One named Spring cache.
	 */
	public static class Cache {

		/**
		 * Name of the backend the cache's entries live on; when unset, the Spring cache
		 * default backend.
		 */
		private @Nullable String backend;

		/**
		 * Time to live of the cache's entries; when unset, the Spring cache default ttl.
		 */
		private @Nullable Duration ttl;

		/**
		 * Whether the cache stores null values, so that a method that returned null is
		 * not called again.
		 */
		private boolean allowNullValues = true;

		public @Nullable String getBackend() {
			return this.backend;
		}

		public void setBackend(@Nullable String backend) {
			this.backend = backend;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public boolean isAllowNullValues() {
			return this.allowNullValues;
		}

		public void setAllowNullValues(boolean allowNullValues) {
			this.allowNullValues = allowNullValues;
		}

	}

	/**
	 * One named backend.
	 */
	public static class Backend {

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
		 * default every backend but memory ones, whose reads take nanoseconds that two
		 * clock reads and a timer update would multiply.
		 */
		private @Nullable Boolean metricsEnabled;

		/**
		 * Circuit breaker of the backend.
		 */
		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		/**
		 * Near cache of the backend: a bounded local copy of the values it reads.
		 */
		private final NearCache nearCache = new NearCache();

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
		 * Which Redis nodes serve reads, for cluster-nodes or sentinel; upstream when
		 * unset. Reads from replicas may be stale by the replication lag.
		 */
		private @Nullable ReadFrom readFrom;

		/**
		 * How often a cluster-nodes backend refreshes its view of the cluster, besides
		 * the refreshes that redirections and lost connections trigger; 2s when unset.
		 */
		private @Nullable Duration clusterRefreshPeriod;

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust and key material a
		 * Redis backend uses; setting it enables TLS.
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
		 * What a memcached client does with the keys of a server that is down;
		 * redistribute when unset.
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

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public NearCache getNearCache() {
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
	 * A near cache: a bounded copy, in this JVM, of the values a backend reads, shared by
	 * every object and thread of the application.
	 */
	public static class NearCache {

		/**
		 * Whether to keep a near cache of the backend's values; Redis keeps it coherent
		 * with server-assisted invalidation, other backends only bound its staleness by
		 * ttl.
		 */
		private boolean enabled;

		/**
		 * Maximum number of entries the near cache keeps.
		 */
		private long maximumSize = 10_000;

		/**
		 * Longest time a local copy is kept, even when the server invalidates; required
		 * for backends that cannot invalidate (memcached), 10m for Redis when unset.
		 */
		private @Nullable Duration ttl;

		/**
		 * Longest time the near cache serves copies after every tracking connection last
		 * answered a ping (Redis); the connections are pinged four times as often, so a
		 * connection that goes silent without closing stops the hits within it.
		 */
		private Duration lease = Duration.ofSeconds(1);

		/**
		 * How the server tells the near cache of changes (Redis): 'broadcast' pushes
		 * every write under the tracked prefixes to every JVM; 'optin' has the server
		 * remember which JVM read which key and tell only those, so its cost per write
		 * does not grow with the JVMs that do not hold the key. Optin when unset: from 10
		 * JVMs on it cost the server less per write than broadcast in every case
		 * measured, 13 to 24 times less at 200 JVMs that each read their share of the
		 * keys.
		 */
		private @Nullable RedisTrackingMode tracking;

		public boolean isEnabled() {
			return this.enabled;
		}

		public @Nullable RedisTrackingMode getTracking() {
			return this.tracking;
		}

		public void setTracking(@Nullable RedisTrackingMode tracking) {
			this.tracking = tracking;
		}

		public Duration getLease() {
			return this.lease;
		}

		public void setLease(Duration lease) {
			this.lease = lease;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaximumSize() {
			return this.maximumSize;
		}

		public void setMaximumSize(long maximumSize) {
			this.maximumSize = maximumSize;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * A circuit breaker, which makes calls to a backend that keeps failing fail at once.
	 */
	public static class CircuitBreaker {

		/**
		 * Whether to guard the backend with a circuit breaker; by default, redis and
		 * memcached backends are guarded and memory backends are not.
		 */
		private @Nullable Boolean enabled;

		/**
		 * Percentage of failed calls, among those of the sliding window, that opens the
		 * breaker.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Number of calls the breaker needs in its window before it computes a failure
		 * rate.
		 */
		private int minimumNumberOfCalls = 20;

		/**
		 * Whether the sliding window holds the calls of the last sliding-window-size
		 * seconds or the last sliding-window-size calls.
		 */
		private SlidingWindowType slidingWindowType = SlidingWindowType.TIME_BASED;

		/**
		 * Size of the sliding window whose calls the breaker weighs: seconds when
		 * time-based, calls when count-based.
		 */
		private int slidingWindowSize = 2;

		/**
		 * How long a call may take before it counts as slow; calls that have waited this
		 * long, with none answered meanwhile, open the breaker at once.
		 */
		private Duration slowCallDurationThreshold = Duration.ofMillis(500);

		/**
		 * How long an open breaker fails calls at once before it lets probes through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(1);

		/**
		 * Number of probe calls that decide whether a half-open breaker closes.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 3;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public SlidingWindowType getSlidingWindowType() {
			return this.slidingWindowType;
		}

		public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
			this.slidingWindowType = slidingWindowType;
		}

		public Duration getSlowCallDurationThreshold() {
			return this.slowCallDurationThreshold;
		}

		public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

		/**
		 * Kinds of sliding window.
		 */
		public enum SlidingWindowType {

			/**
			 * The calls of the last sliding-window-size seconds.
			 */
			TIME_BASED,

			/**
			 * The last sliding-window-size calls.
			 */
			COUNT_BASED

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
	 * Which configured backends a test replaces by memory backends.
	 */
	public enum TestReplace {

		/**
		 * Keep every backend as configured.
		 */
		NONE,

		/**
		 * Replace every redis and memcached backend by a memory backend of the same name,
		 * keeping its default-ttl, on-error and on-decode-error.
		 */
		ANY

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
