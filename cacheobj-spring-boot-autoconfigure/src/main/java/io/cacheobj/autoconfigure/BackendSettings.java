package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.cacheobj.autoconfigure.CacheBackendSettings.CircuitBreakerSettings;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.OnDecodeError;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.OnError;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

import static io.cacheobj.autoconfigure.BackendProperty.CLUSTER_NODES;
import static io.cacheobj.autoconfigure.BackendProperty.CLUSTER_REFRESH_PERIOD;
import static io.cacheobj.autoconfigure.BackendProperty.PASSWORD;
import static io.cacheobj.autoconfigure.BackendProperty.READ_FROM;
import static io.cacheobj.autoconfigure.BackendProperty.SENTINEL;
import static io.cacheobj.autoconfigure.BackendProperty.SENTINEL_PASSWORD;
import static io.cacheobj.autoconfigure.BackendProperty.SSL_BUNDLE;
import static io.cacheobj.autoconfigure.BackendProperty.URL;
import static io.cacheobj.autoconfigure.BackendProperty.USERNAME;

/**
 * One backend's settings, resolved from its properties: the settings every type has, and
 * those of its type.
 *
 * @param name the backend's name
 * @param defaultTtl the time to live of values whose property and entity set none, or
 * {@code null}
 * @param onError what a failure of the backend does
 * @param onDecodeError what a value that does not decode does
 * @param metricsEnabled whether its operations are timed
 * @param circuitBreaker the circuit breaker that guards it, or {@code null} when none
 * does
 * @param nearCache its near cache, or {@code null} when it has none
 * @param ofType the settings of its type
 */
record BackendSettings(String name, @Nullable Duration defaultTtl, OnError onError, OnDecodeError onDecodeError,
		boolean metricsEnabled, @Nullable CircuitBreakerSettings circuitBreaker, @Nullable NearCacheSettings nearCache,
		OfType ofType) {

	/**
	 * Resolve a backend's settings.
	 * @param name the backend's name
	 * @param backend its properties
	 * @param memcachedNames the names of every memcached backend
	 * @param memcachedConnections the application's memcached connection details
	 * @return its settings
	 * @throws InvalidCacheObjPropertyException when a setting is invalid or does not
	 * apply to the backend's type
	 */
	static BackendSettings resolve(String name, CacheObjBackendProperties backend, List<String> memcachedNames,
			List<MemcachedConnectionDetails> memcachedConnections) {
		String prefix = BackendProperty.prefix(name);
		BackendType type = backend.getType();
		if (type == null) {
			throw new InvalidCacheObjPropertyException(prefix + "type", null, "is not set",
					"Set " + prefix + "type to one of memory, redis or memcached.");
		}
		rejectInapplicable(prefix, type, backend);
		Duration defaultTtl = backend.getDefaultTtl();
		if (defaultTtl != null) {
			SettingChecks.checkPositive(prefix + "default-ttl", defaultTtl,
					"Set it to how long values live, such as 10m.");
		}
		OfType ofType = switch (type) {
			case MEMORY -> MemoryBackendSettings.resolve(name, backend);
			case REDIS -> RedisBackendSettings.resolve(name, backend);
			case MEMCACHED -> MemcachedBackendSettings.resolve(name, backend, memcachedNames, memcachedConnections);
		};
		boolean remote = type != BackendType.MEMORY;
		Boolean metrics = backend.getMetricsEnabled();
		return new BackendSettings(name, defaultTtl, backend.getOnError(), backend.getOnDecodeError(),
				(metrics != null) ? metrics : remote,
				CircuitBreakerSettings.resolve(prefix, backend.getCircuitBreaker(), remote),
				NearCacheSettings.resolve(name, backend.getNearCache(), ofType), ofType);
	}

	private static void rejectInapplicable(String prefix, BackendType type, CacheObjBackendProperties backend) {
		List<String> set = new ArrayList<>();
		boolean redis = type == BackendType.REDIS;
		boolean memcached = type == BackendType.MEMCACHED;
		addIf(set, !redis, StringUtils.hasText(backend.getUrl()), URL);
		addIf(set, !redis, !backend.getClusterNodes().isEmpty(), CLUSTER_NODES);
		addIf(set, !redis, backend.getSslBundle() != null, SSL_BUNDLE);
		CacheObjBackendProperties.Sentinel sentinel = backend.getSentinel();
		addIf(set, !redis, sentinel.getMaster() != null || !sentinel.getNodes().isEmpty(), SENTINEL);
		addIf(set, !redis, sentinel.getPassword() != null, SENTINEL_PASSWORD);
		addIf(set, !redis, backend.getReadFrom() != null, READ_FROM);
		addIf(set, !redis, backend.getClusterRefreshPeriod() != null, CLUSTER_REFRESH_PERIOD);
		boolean dataNodes = !backend.getClusterNodes().isEmpty() || sentinel.getMaster() != null
				|| !sentinel.getNodes().isEmpty();
		addIf(set, !redis || !dataNodes, backend.getUsername() != null, USERNAME);
		addIf(set, !redis || !dataNodes, backend.getPassword() != null, PASSWORD);
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
		boolean credentials = redis && (set.contains(USERNAME) || set.contains(PASSWORD));
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

	/**
	 * Return the backend's type.
	 * @return its type
	 */
	BackendType type() {
		return this.ofType.type();
	}

	/**
	 * Return what the backend stores its values in, with any password replaced by
	 * {@code ******}.
	 * @return its target
	 */
	String target() {
		return this.ofType.target();
	}

	/**
	 * Return the settings of a memory backend.
	 * @return its settings
	 * @throws IllegalStateException when the backend is of another type
	 */
	MemoryBackendSettings memory() {
		return ofType(MemoryBackendSettings.class, BackendType.MEMORY);
	}

	/**
	 * Return the settings of a redis backend.
	 * @return its settings
	 * @throws IllegalStateException when the backend is of another type
	 */
	RedisBackendSettings redis() {
		return ofType(RedisBackendSettings.class, BackendType.REDIS);
	}

	/**
	 * Return the settings of a memcached backend.
	 * @return its settings
	 * @throws IllegalStateException when the backend is of another type
	 */
	MemcachedBackendSettings memcached() {
		return ofType(MemcachedBackendSettings.class, BackendType.MEMCACHED);
	}

	private <T extends OfType> T ofType(Class<T> type, BackendType expected) {
		if (!type.isInstance(this.ofType)) {
			throw new IllegalStateException("Backend '" + this.name + "' is a " + type().name().toLowerCase(Locale.ROOT)
					+ " backend, not a " + expected.name().toLowerCase(Locale.ROOT) + " one");
		}
		return type.cast(this.ofType);
	}

	/**
	 * The settings of one backend type.
	 */
	sealed interface OfType permits MemoryBackendSettings, RedisBackendSettings, MemcachedBackendSettings {

		/**
		 * Return the type these settings are for.
		 * @return the type
		 */
		BackendType type();

		/**
		 * Return what the backend stores its values in, for health details and the
		 * actuator endpoint, with any password replaced by {@code ******}.
		 * @return the target
		 */
		String target();

	}

}
