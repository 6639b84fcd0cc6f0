package io.cacheobj.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.CacheObjBinding.EntityDescription;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.cache.CacheObjCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.util.Assert;

/**
 * The {@code cacheobj} actuator endpoint: the entities (name, class, id type, properties
 * with backend, key pattern and time to live), the backends (name, type, target without
 * credentials) and the Spring caches (backend, counts, and decode errors by reason, with
 * the top one, so that a cache that never hits shows why).
 *
 * @since 0.1.0
 */
@Endpoint(id = "cacheobj")
public class CacheObjEndpoint {

	private final CacheObjBinding binding;

	private final Map<String, Map<String, Object>> backends;

	private final Supplier<@Nullable CacheObjCacheManager> cacheManager;

	/**
	 * Create the endpoint.
	 * @param binding the binding whose entities it lists
	 * @param backends a description of each backend by name, without credentials
	 */
	public CacheObjEndpoint(CacheObjBinding binding, Map<String, Map<String, Object>> backends) {
		this(binding, backends, () -> null);
	}

	/**
	 * Create the endpoint, with the Spring caches of a manager.
	 * @param binding the binding whose entities it lists
	 * @param backends a description of each backend by name, without credentials
	 * @param cacheManager the Spring cache manager whose caches it lists, or a supplier
	 * of {@code null} when there is none
	 */
	public CacheObjEndpoint(CacheObjBinding binding, Map<String, Map<String, Object>> backends,
			Supplier<@Nullable CacheObjCacheManager> cacheManager) {
		Assert.notNull(binding, "'binding' must not be null");
		Assert.notNull(cacheManager, "'cacheManager' must not be null");
		this.binding = binding;
		this.backends = Map.copyOf(backends);
		this.cacheManager = cacheManager;
	}

	/**
	 * Describe cacheobj's entities and backends, with the state of their near caches.
	 * @return the description
	 */
	@ReadOperation
	public CacheObjDescriptor describe() {
		Map<String, Map<String, Object>> backends = new TreeMap<>(this.backends);
		this.binding.nearCacheStatistics().forEach((name, nearCache) -> {
			Map<String, Object> backend = new LinkedHashMap<>(backends.getOrDefault(name, Map.of()));
			backend.put("nearCache", nearCache.details());
			backends.put(name, backend);
		});
		return new CacheObjDescriptor(this.binding.describeEntities(), backends, caches());
	}

	private Map<String, Map<String, Object>> caches() {
		CacheObjCacheManager manager = this.cacheManager.get();
		if (manager == null) {
			return Map.of();
		}
		Map<String, Map<String, Object>> caches = new TreeMap<>();
		for (String name : manager.getCacheNames()) {
			if (manager.getCache(name) instanceof CacheObjCache cache) {
				caches.put(name, describe(cache));
			}
		}
		return caches;
	}

	private static Map<String, Object> describe(CacheObjCache cache) {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("backend", cache.getBackendName());
		if (cache.getTtl() != null) {
			description.put("ttl", cache.getTtl().toString());
		}
		description.put("hits", cache.getHitCount());
		description.put("misses", cache.getMissCount());
		description.put("puts", cache.getPutCount());
		description.put("evictions", cache.getEvictionCount());
		long untrusted = cache.getUntrustedTypeCount();
		long undecodable = cache.getUndecodableCount();
		Map<String, Object> decodeErrors = new LinkedHashMap<>();
		decodeErrors.put("total", untrusted + undecodable);
		decodeErrors.put("untrusted-type", untrusted);
		decodeErrors.put("undecodable", undecodable);
		if (untrusted + undecodable > 0) {
			decodeErrors.put("topReason", (untrusted >= undecodable) ? "untrusted-type" : "undecodable");
			decodeErrors.put("action",
					(untrusted >= undecodable)
							? "Add the package of the type the WARN log names to cacheobj.spring-cache.trusted-packages"
							: "Another client writes under this cache's keys, or the values were written by another "
									+ "format; the next value the cache writes replaces each one");
		}
		description.put("decodeErrors", decodeErrors);
		return description;
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param entities the entity types bound so far
	 * @param backends the backends by name
	 * @param caches the Spring caches by name, empty without cacheobj's cache manager
	 */
	public record CacheObjDescriptor(List<EntityDescription> entities, Map<String, Map<String, Object>> backends,
			Map<String, Map<String, Object>> caches) implements OperationResponseBody {

		/**
		 * Create a descriptor without Spring caches.
		 * @param entities the entity types bound so far
		 * @param backends the backends by name
		 */
		public CacheObjDescriptor(List<EntityDescription> entities, Map<String, Map<String, Object>> backends) {
			this(entities, backends, Map.of());
		}

	}

}
