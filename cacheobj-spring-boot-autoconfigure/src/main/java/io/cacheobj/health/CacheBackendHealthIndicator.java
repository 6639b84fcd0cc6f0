package io.cacheobj.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.NearCacheStatistics;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.util.Assert;

/**
 * Reports whether one cacheobj backend answers ({@link CacheBackend#check()}), with its
 * type, its target without credentials, and what the check returned.
 *
 * @since 0.1.0
 */
public class CacheBackendHealthIndicator extends AbstractHealthIndicator {

	private final CacheBackend backend;

	private final Map<String, Object> description;

	private final @Nullable NearCacheStatistics nearCache;

	/**
	 * Create an indicator.
	 * @param backend the backend
	 * @param description details shown whatever the status, such as {@code type} and
	 * {@code target}; never credentials
	 */
	public CacheBackendHealthIndicator(CacheBackend backend, Map<String, Object> description) {
		this(backend, description, null);
	}

	/**
	 * Create an indicator for a backend with a near cache.
	 * @param backend the backend
	 * @param description details shown whatever the status, such as {@code type} and
	 * {@code target}; never credentials
	 * @param nearCache a view of the backend's near cache, whose state and tracking
	 * connection are shown as {@code nearCache}, or {@code null}
	 * @since 0.1.0
	 */
	public CacheBackendHealthIndicator(CacheBackend backend, Map<String, Object> description,
			@Nullable NearCacheStatistics nearCache) {
		super("cacheobj backend health check failed");
		Assert.notNull(backend, "'backend' must not be null");
		Assert.notNull(description, "'description' must not be null");
		this.backend = backend;
		this.description = Map.copyOf(description);
		this.nearCache = nearCache;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetails(this.description);
		if (this.nearCache != null) {
			builder.withDetail("nearCache", this.nearCache.details());
		}
		Map<String, Object> details = new LinkedHashMap<>(this.backend.check());
		builder.up().withDetails(details);
	}

}
