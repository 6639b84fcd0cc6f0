package io.cacheobj.autoconfigure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjProperties.TestReplace;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The settings of every backend under {@code cacheobj.backends} (or of the embedded
 * {@value #EMBEDDED_BACKEND} backend), resolved once, so that factories, decorators,
 * health and the endpoint read the same answer; {@link CacheBackendSettings} is what the
 * other auto-configurations read of them.
 */
final class PropertiesCacheBackendSettings implements CacheBackendSettings {

	/** Name of the backend used when no backend is configured. */
	static final String EMBEDDED_BACKEND = "memory";

	private final Map<String, BackendSettings> backends;

	private final CredentialSettings credentials;

	/**
	 * Resolve the settings of every configured backend, memcached backends taking their
	 * servers from the connection details that apply to them (see
	 * {@link MemcachedConnectionDetails}).
	 * @param properties cacheobj's properties
	 * @param memcachedConnections the application's memcached connection details, such as
	 * those of service connections
	 * @param environment the environment, whose values credentials may come from
	 * @throws InvalidCacheObjPropertyException when a setting is invalid or does not
	 * apply, or when connection details name no backend and several memcached backends
	 * could take them
	 */
	PropertiesCacheBackendSettings(CacheObjProperties properties, List<MemcachedConnectionDetails> memcachedConnections,
			Environment environment) {
		Map<String, BackendSettings> backends = new LinkedHashMap<>();
		if (properties.getBackends().isEmpty()) {
			CacheObjBackendProperties embedded = new CacheObjBackendProperties();
			embedded.setType(BackendType.MEMORY);
			backends.put(EMBEDDED_BACKEND, BackendSettings.resolve(EMBEDDED_BACKEND, embedded, List.of(), List.of()));
		}
		List<String> memcachedNames = properties.getBackends()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().getType() == BackendType.MEMCACHED)
			.map(Map.Entry::getKey)
			.toList();
		boolean replace = properties.getTest().getReplace() == TestReplace.ANY;
		properties.getBackends().forEach((name, backend) -> {
			BackendSettings settings = BackendSettings.resolve(name, backend, memcachedNames, memcachedConnections);
			backends.put(name,
					(replace && settings.type() != BackendType.MEMORY) ? replacement(name, backend) : settings);
		});
		this.backends = Collections.unmodifiableMap(backends);
		this.credentials = new CredentialSettings(environment);
	}

	/**
	 * Return the settings of the memory backend that replaces a remote one in a test
	 * ({@code cacheobj.test.replace=any}), once the remote one's settings have been
	 * checked: its default time to live and failure policies, nothing of its servers.
	 */
	private static BackendSettings replacement(String name, CacheObjBackendProperties backend) {
		CacheObjBackendProperties memory = new CacheObjBackendProperties();
		memory.setType(BackendType.MEMORY);
		memory.setDefaultTtl(backend.getDefaultTtl());
		memory.setOnError(backend.getOnError());
		memory.setOnDecodeError(backend.getOnDecodeError());
		return BackendSettings.resolve(name, memory, List.of(), List.of());
	}

	/**
	 * Return a backend's settings.
	 * @param name the backend's name
	 * @return its settings, or {@code null} for a backend the application declared as a
	 * bean
	 */
	@Nullable BackendSettings get(String name) {
		return this.backends.get(name);
	}

	@Override
	public @Nullable BackendType type(String name) {
		BackendSettings settings = get(name);
		return (settings != null) ? settings.type() : null;
	}

	@Override
	public boolean metricsEnabled(String name) {
		BackendSettings settings = get(name);
		return settings == null || settings.metricsEnabled();
	}

	@Override
	public @Nullable CircuitBreakerSettings circuitBreaker(String name) {
		BackendSettings settings = get(name);
		return (settings != null) ? settings.circuitBreaker() : null;
	}

	@Override
	public Map<String, Object> describe(String name, CacheBackend backend) {
		BackendSettings settings = get(name);
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

	@Override
	public @Nullable Object hideCredentials(String key, @Nullable Object value) {
		return this.credentials.hide(key, value);
	}

}
