package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.Locale;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import org.jspecify.annotations.Nullable;

/**
 * A backend's near cache settings.
 *
 * @param maximumSize the most entries it keeps
 * @param ttl the longest a local copy lives
 * @param lease the longest the near cache serves copies after the server last answered
 * its tracking connections
 * @param invalidated whether the server invalidates local copies (Redis)
 * @param tracking how the server tracks the keys, when it invalidates
 */
record NearCacheSettings(long maximumSize, Duration ttl, Duration lease, boolean invalidated,
		CacheObjNearCacheProperties.Tracking tracking) {

	private static final Duration REDIS_TTL = Duration.ofMinutes(10);

	/**
	 * Resolve a backend's near cache settings.
	 * @param name the backend's name
	 * @param nearCache its near cache properties
	 * @param backend its other settings
	 * @return the near cache's settings, or {@code null} when it has none
	 * @throws InvalidCacheObjPropertyException when a setting is invalid, or when a near
	 * cache cannot serve the backend
	 */
	static @Nullable NearCacheSettings resolve(String name, CacheObjNearCacheProperties nearCache,
			BackendSettings.OfType backend) {
		if (!nearCache.isEnabled()) {
			return null;
		}
		String prefix = BackendProperty.prefix(name);
		BackendType type = backend.type();
		if (backend instanceof RedisBackendSettings redis && !redis.readsUpstream()) {
			throw new InvalidCacheObjPropertyException(prefix + "near-cache.enabled", "true",
					"cannot be kept coherent with read-from " + SettingChecks.kebab(redis.readFrom())
							+ ": invalidations come from the upstream, and a replica's answer may predate one that"
							+ " already arrived, so a stale copy could be kept until near-cache.ttl",
					"Set " + prefix + BackendProperty.READ_FROM + " to upstream or upstream-preferred, or disable "
							+ prefix + "near-cache.");
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
			ttl = REDIS_TTL;
		}
		SettingChecks.checkPositive(prefix + "near-cache.ttl", ttl,
				"Set it to how long a local copy may live, such as 10m.");
		SettingChecks.checkPositive(prefix + "near-cache.lease", nearCache.getLease(),
				"Set it to how long the near cache may serve copies without hearing from the server, such as 1s.");
		CacheObjNearCacheProperties.Tracking tracking = nearCache.getTracking();
		if (tracking != null && type != BackendType.REDIS) {
			throw new InvalidCacheObjPropertyException(prefix + "near-cache.tracking",
					tracking.name().toLowerCase(Locale.ROOT),
					"applies to redis backends only, and a " + type.name().toLowerCase(Locale.ROOT)
							+ " backend cannot tell the near cache when a value changes",
					"Remove " + prefix + "near-cache.tracking: near-cache.ttl bounds how stale a copy may be.");
		}
		return new NearCacheSettings(nearCache.getMaximumSize(), ttl, nearCache.getLease(), type == BackendType.REDIS,
				(tracking != null) ? tracking : CacheObjNearCacheProperties.Tracking.OPTIN);
	}

}
