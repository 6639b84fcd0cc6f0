package io.cacheobj.cache;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.util.Assert;

/**
 * A Spring {@link CacheManager} whose {@link CacheObjCache caches} live on the backends
 * of a {@link CacheObjBinding}, each on a named backend with its own time to live and
 * {@code null}-value rule.
 * <p>
 * Caches declared on the {@link Builder} exist from the start; with
 * {@link Builder#dynamic dynamic} caches (the default), any other name creates a cache on
 * the default backend when it is first used. A cache name must not contain {@code ::},
 * white space, control or glob characters ({@code * ? [ ] \}), nor start an entity's name
 * followed by {@code ::}, so that no two caches, and no cache and entity, share keys.
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class CacheObjCacheManager implements CacheManager {

	private final ConcurrentMap<String, CacheObjCache> caches = new ConcurrentHashMap<>();

	private final Builder settings;

	private final CacheValues values;

	private final Set<String> entityNames;

	private CacheObjCacheManager(Builder builder) {
		this.settings = builder;
		ClassLoader classLoader = (builder.classLoader != null) ? builder.classLoader
				: CacheObjCacheManager.class.getClassLoader();
		this.values = new CacheValues(builder.binding,
				(builder.jsonMapper != null) ? builder.jsonMapper : JsonMapper.builder().build(),
				new TrustedTypes(builder.trustedPackages), classLoader);
		Set<String> entityNames = new LinkedHashSet<>();
		builder.binding.describeEntities().forEach((entity) -> entityNames.add(entity.name()));
		this.entityNames = Set.copyOf(entityNames);
		builder.caches.forEach((name, cache) -> this.caches.put(name, create(name, cache)));
	}

	/**
	 * Start building a manager on a binding's backends.
	 * @param binding the binding whose backends, near caches and failure policies the
	 * caches use
	 * @return a builder of dynamic caches on the binding's default backend, without a
	 * time to live, that store {@code null}
	 */
	public static Builder builder(CacheObjBinding binding) {
		Assert.notNull(binding, "'binding' must not be null");
		return new Builder(binding);
	}

	/**
	 * Return a cache, creating it on first use when caches are dynamic.
	 * @param name the cache's name
	 * @return the cache, or {@code null} when it is not declared and caches are not
	 * dynamic
	 * @throws IllegalArgumentException when a dynamic cache's name is not allowed
	 */
	@Override
	public @Nullable Cache getCache(String name) {
		CacheObjCache cache = this.caches.get(name);
		if (cache != null || !this.settings.dynamic) {
			return cache;
		}
		return this.caches.computeIfAbsent(name, (key) -> create(key, new CacheSettings(null, null, true)));
	}

	/**
	 * Return whether this manager's caches store and read back values of a type: the
	 * JDK's value and collection types and the types of the
	 * {@linkplain Builder#trustedPackages trusted packages}. A value of any other type is
	 * refused by {@link Cache#put} with a {@link io.cacheobj.CacheValueException}, and
	 * never instantiated when read.
	 * @param type the type of a value, such as a {@code @Cacheable} method's return type
	 * @return whether values of the type are trusted
	 * @since 0.1.0
	 */
	public boolean isTrustedType(Class<?> type) {
		Assert.notNull(type, "'type' must not be null");
		return this.values.isTrusted(type);
	}

	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.caches.keySet()));
	}

	private CacheObjCache create(String name, CacheSettings cache) {
		String problem = problem(name, this.entityNames);
		if (problem != null) {
			throw new IllegalArgumentException("Cache name '" + name + "' " + problem);
		}
		String backendName = (cache.backend() != null) ? cache.backend() : this.settings.defaultBackend();
		if (backendName == null) {
			throw new IllegalStateException("Cache '" + name + "' names no backend and there is no default backend; "
					+ "set cacheobj.spring-cache.default-backend");
		}
		CacheBackend nativeBackend = this.settings.binding.backends().get(backendName);
		if (nativeBackend == null) {
			throw new IllegalArgumentException("Cache '" + name + "' names backend '" + backendName
					+ "', which does not exist; the backends are " + this.settings.binding.backends().keySet());
		}
		String prefix = this.settings.binding.keyPrefix() + name + "::";
		Duration ttl = (cache.ttl() != null) ? cache.ttl() : this.settings.defaultTtl;
		return new CacheObjCache(name, prefix, this.settings.binding.store(backendName, prefix), nativeBackend, ttl,
				cache.allowNullValues(), this.values, this.settings.namespaceVersioned.contains(backendName));
	}

	/**
	 * Tell what is wrong with a cache name.
	 * @param name the name
	 * @param entityNames the names of the entities whose keys it must not share
	 * @return the problem, or {@code null} when the name is allowed
	 */
	static @Nullable String problem(String name, Collection<String> entityNames) {
		if (name.isEmpty()) {
			return "is empty";
		}
		if (name.contains("::")) {
			return "contains '::', which separates a cache's name from its keys";
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isWhitespace(c) || Character.isISOControl(c)) {
				return "contains white space or a control character";
			}
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				return "contains the glob character '" + c + "', which clearing the cache would match wrongly";
			}
		}
		for (String entity : entityNames) {
			if (entity.startsWith(name + "::")) {
				return "collides with the keys of entity '" + entity + "'";
			}
		}
		return null;
	}

	@Override
	public String toString() {
		return "CacheObjCacheManager" + this.caches.keySet();
	}

	/**
	 * The settings of one declared cache.
	 */
	private record CacheSettings(@Nullable String backend, @Nullable Duration ttl, boolean allowNullValues) {

	}

	/**
	 * Builds a {@link CacheObjCacheManager}.
	 */
	public static final class Builder {

		private final CacheObjBinding binding;

		private @Nullable String defaultBackend;

		private @Nullable Duration defaultTtl;

		private boolean dynamic = true;

		private final Map<String, CacheSettings> caches = new LinkedHashMap<>();

		private final List<String> trustedPackages = new ArrayList<>();

		private final Set<String> namespaceVersioned = new LinkedHashSet<>();

		private @Nullable JsonMapper jsonMapper;

		private @Nullable ClassLoader classLoader;

		private Builder(CacheObjBinding binding) {
			this.binding = binding;
		}

		/**
		 * Set the backend of caches that name none.
		 * @param defaultBackend a backend's name, or {@code null} for the binding's
		 * default backend
		 * @return this builder
		 */
		public Builder defaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
			return this;
		}

		/**
		 * Set the time to live of entries of caches that set none.
		 * @param defaultTtl the time to live, positive, or {@code null} for none
		 * @return this builder
		 */
		public Builder defaultTtl(@Nullable Duration defaultTtl) {
			if (defaultTtl != null) {
				BackendFailures.requirePositive("'defaultTtl'", defaultTtl);
			}
			this.defaultTtl = defaultTtl;
			return this;
		}

		/**
		 * Set whether a cache that is not declared is created, on the default backend,
		 * when it is first used.
		 * @param dynamic whether caches are created on first use
		 * @return this builder
		 */
		public Builder dynamic(boolean dynamic) {
			this.dynamic = dynamic;
			return this;
		}

		/**
		 * Declare a cache.
		 * @param name the cache's name
		 * @param backend its backend's name, or {@code null} for the default backend
		 * @param ttl the time to live of its entries, positive, or {@code null} for the
		 * default
		 * @param allowNullValues whether it stores {@code null} values
		 * @return this builder
		 * @throws IllegalArgumentException when the name is not allowed
		 */
		public Builder cache(String name, @Nullable String backend, @Nullable Duration ttl, boolean allowNullValues) {
			Assert.notNull(name, "'name' must not be null");
			String problem = problem(name, List.of());
			if (problem != null) {
				throw new IllegalArgumentException("Cache name '" + name + "' " + problem);
			}
			if (ttl != null) {
				BackendFailures.requirePositive("'ttl' of cache '" + name + "'", ttl);
			}
			this.caches.put(name, new CacheSettings(backend, ttl, allowNullValues));
			return this;
		}

		/**
		 * Trust the types of these packages and their sub-packages when values are read,
		 * besides the JDK's value and collection types.
		 * @param packages package names, such as the application's
		 * @return this builder
		 */
		public Builder trustedPackages(Collection<String> packages) {
			Assert.notNull(packages, "'packages' must not be null");
			this.trustedPackages.addAll(packages);
			return this;
		}

		/**
		 * Clear the caches on a backend by moving them to a new namespace version, for a
		 * backend that cannot list its keys, such as memcached; other JVMs see the new
		 * version within a second.
		 * @param backend the backend's name
		 * @return this builder
		 */
		public Builder namespaceVersioned(String backend) {
			Assert.hasText(backend, "'backend' must not be empty");
			this.namespaceVersioned.add(backend);
			return this;
		}

		/**
		 * Set the mapper whose modules and settings write and read values as JSON; the
		 * caches use a copy that also records the types of nested values.
		 * @param jsonMapper the mapper, such as the application's
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Set the class loader of the types of values read.
		 * @param classLoader the class loader, or {@code null} for this library's
		 * @return this builder
		 */
		public Builder classLoader(@Nullable ClassLoader classLoader) {
			this.classLoader = classLoader;
			return this;
		}

		private @Nullable String defaultBackend() {
			return (this.defaultBackend != null) ? this.defaultBackend : this.binding.defaultBackend();
		}

		/**
		 * Build the manager and its declared caches.
		 * @return the manager
		 * @throws IllegalArgumentException when a declared cache names a backend that
		 * does not exist, or collides with an entity
		 */
		public CacheObjCacheManager build() {
			return new CacheObjCacheManager(this);
		}

	}

}
