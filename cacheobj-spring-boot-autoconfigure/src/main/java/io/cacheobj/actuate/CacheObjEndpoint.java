package io.cacheobj.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.CacheObjBinding.EntityDescription;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.util.Assert;

/**
 * The {@code cacheobj} actuator endpoint: the entities (name, class, id type, properties
 * with backend, key pattern and time to live) and the backends (name, type, target
 * without credentials).
 *
 * @since 0.1.0
 */
@Endpoint(id = "cacheobj")
public class CacheObjEndpoint {

	private final CacheObjBinding binding;

	private final Map<String, Map<String, Object>> backends;

	/**
	 * Create the endpoint.
	 * @param binding the binding whose entities it lists
	 * @param backends a description of each backend by name, without credentials
	 */
	public CacheObjEndpoint(CacheObjBinding binding, Map<String, Map<String, Object>> backends) {
		Assert.notNull(binding, "'binding' must not be null");
		this.binding = binding;
		this.backends = Map.copyOf(backends);
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
		return new CacheObjDescriptor(this.binding.describeEntities(), backends);
	}

	/**
	 * The endpoint's answer.
	 *
	 * @param entities the entity types bound so far
	 * @param backends the backends by name
	 */
	public record CacheObjDescriptor(List<EntityDescription> entities,
			Map<String, Map<String, Object>> backends) implements OperationResponseBody {

	}

}
