package io.cacheobj.binding;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CachedProperty;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * Binds {@link CacheEntity} types and beans' {@link CachedProperty} fields to their
 * backends and keys, and gives the {@link CacheEntityRepository}.
 * <p>
 * {@link Builder#build()} checks every entity type it is given, so that a definition that
 * cannot work fails at start-up with a {@link io.cacheobj.CacheEntityDefinitionException}
 * rather than on first use. Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class CacheObjBinding implements AutoCloseable {

	private final String keyPrefix;

	private final @Nullable String defaultBackend;

	private final PropertyResolver resolver;

	private final Map<Class<?>, EntityMetadata<?>> entities = new ConcurrentHashMap<>();

	private final Map<Class<?>, List<PropertyMetadata>> beanProperties = new ConcurrentHashMap<>();

	private final CacheEntityRepository repository;

	private final Map<String, CacheBackend> backends;

	private final Map<String, NearCache> nearCaches;

	private final Map<String, NearCacheStatistics> nearCacheStatistics;

	private final Map<String, BackendStore> stores;

	private CacheObjBinding(Builder builder) {
		this.keyPrefix = builder.keyPrefix;
		this.defaultBackend = builder.defaultBackend;
		this.stores = Map.copyOf(builder.backends);
		Map<String, CacheBackend> backends = new LinkedHashMap<>();
		builder.backends.forEach((name, backend) -> backends.put(name, backend.backend()));
		this.backends = Collections.unmodifiableMap(backends);
		Map<String, NearCache> nearCaches = new LinkedHashMap<>();
		builder.backends.forEach((name, backend) -> {
			if (backend.nearCache() != null) {
				nearCaches.put(name, backend.nearCache());
			}
		});
		this.nearCaches = Collections.unmodifiableMap(nearCaches);
		Map<String, NearCacheStatistics> statistics = new LinkedHashMap<>();
		builder.backends.forEach((name, store) -> {
			if (store.statistics() != null) {
				statistics.put(name, store.statistics());
			}
		});
		this.nearCacheStatistics = Collections.unmodifiableMap(statistics);
		this.resolver = new PropertyResolver(this.stores, builder.defaultBackend,
				ValueCodec.tolerant(builder.jsonMapper), builder.placeholders);
		this.repository = new DefaultCacheEntityRepository(this::entity, builder.conversionService);
	}

	/**
	 * Return a copy of a mapper with the settings that cacheobj reads every JSON value
	 * with, so that values written by other versions of their type read, as during a
	 * rolling deploy: an unknown field is ignored, and a missing field reads as its
	 * default ({@code 0} or {@code false} for a primitive, an empty collection or map for
	 * {@code Collection}, {@code List}, {@code Set} and {@code Map} types, which also
	 * read a {@code null} as empty, {@code null} otherwise; a class's field keeps its
	 * initial value). Modules, naming, dates and every other setting are the given
	 * mapper's.
	 * @param jsonMapper the mapper, such as the application's
	 * @return a tolerant copy; the given mapper is not changed
	 * @since 0.1.0
	 */
	public static JsonMapper tolerant(JsonMapper jsonMapper) {
		Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
		return ValueCodec.tolerant(jsonMapper);
	}

	/**
	 * Decode stored bytes as a property of a type reads them: text as UTF-8, numbers,
	 * booleans and enums from their text, {@code byte[]} as they are, every other type as
	 * JSON read with the binding's mapper. For a front-end that reads values another
	 * client wrote, such as the typed reads of the Spring cache.
	 * @param key the key the bytes were read from, for messages
	 * @param value the stored bytes and flags
	 * @param type the type, such as {@code Long.class} or a {@code ParameterizedType}
	 * @return the value
	 * @throws io.cacheobj.CacheValueException naming the key and the type when the bytes
	 * do not decode as the type
	 * @since 0.1.0
	 */
	public @Nullable Object decode(String key, StoredValue value, Type type) {
		Assert.notNull(type, "'type' must not be null");
		return this.resolver.codec(type).decode(key, value);
	}

	/**
	 * Start building a binding.
	 * @return a builder with no backends, no key prefix and a default JSON mapper
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return the repository of entities bound by this binding.
	 * @return the repository
	 */
	public CacheEntityRepository repository() {
		return this.repository;
	}

	/**
	 * Set every {@link CachedProperty} field of an object that is not an entity, such as
	 * a Spring bean, to a property keyed {@code {key-prefix}{class}.{key}}.
	 * @param target the object
	 * @param type the class whose simple name keys the properties, such as the user class
	 * of a CGLIB-proxied bean
	 * @return whether the object had such fields
	 * @throws io.cacheobj.CacheEntityDefinitionException when a field cannot be bound
	 */
	public boolean bindFields(Object target, Class<?> type) {
		List<PropertyMetadata> properties = this.beanProperties.computeIfAbsent(type, this::beanProperties);
		String base = this.keyPrefix + type.getSimpleName() + ".";
		trackNearCached(base, properties);
		for (PropertyMetadata property : properties) {
			ReflectionUtils.setField(property.field(), target, property.bind(base.concat(property.keySuffix())));
		}
		return !properties.isEmpty();
	}

	/**
	 * Return the backends properties use, by name, as they use them: with any circuit
	 * breaker or timers they were given.
	 * @return the backends
	 */
	public Map<String, CacheBackend> backends() {
		return this.backends;
	}

	/**
	 * Return the store of a backend, the one its properties use, for values stored under
	 * a key prefix by something other than a property, such as a Spring cache: every call
	 * for the prefix's keys takes the properties' path. Reads go through the backend's
	 * near cache, which tracks {@code keyPrefix} from now on, writes and deletes keep
	 * that near cache right for this JVM, and the backend's {@code on-error} policy and
	 * single flights apply, as they do to properties.
	 * @param name the backend's name
	 * @param keyPrefix the prefix of every key read or written through the result
	 * @return the store
	 * @throws IllegalArgumentException when no backend has that name
	 * @since 0.1.0
	 */
	public CacheObjStore store(String name, String keyPrefix) {
		Assert.hasText(keyPrefix, "'keyPrefix' must not be empty");
		BackendStore store = this.stores.get(name);
		if (store == null) {
			throw new IllegalArgumentException("No backend '" + name + "'; the backends are " + this.stores.keySet());
		}
		NearCache nearCache = store.nearCache();
		if (nearCache != null) {
			nearCache.track(List.of(keyPrefix));
		}
		return store;
	}

	/**
	 * Return the backend of properties whose field and entity name none.
	 * @return the default backend's name, or {@code null} when there is none
	 * @since 0.1.0
	 */
	public @Nullable String defaultBackend() {
		return this.defaultBackend;
	}

	/**
	 * Return the text prepended to every key.
	 * @return the key prefix, possibly empty
	 * @since 0.1.0
	 */
	public String keyPrefix() {
		return this.keyPrefix;
	}

	/**
	 * Describe every entity type bound so far: those checked at start-up and those used
	 * since.
	 * @return the entities, by name
	 */
	public List<EntityDescription> describeEntities() {
		List<EntityDescription> descriptions = new ArrayList<>();
		for (EntityMetadata<?> metadata : this.entities.values()) {
			List<PropertyDescription> properties = new ArrayList<>();
			for (PropertyMetadata property : metadata.properties()) {
				properties
					.add(new PropertyDescription(property.name(), metadata.keyBase() + "{id}" + property.keySuffix(),
							property.counter() ? "counter" : property.valueType().getTypeName(),
							property.store().backendName(), property.ttl()));
			}
			Class<?> idType = metadata.idType();
			descriptions.add(new EntityDescription(metadata.name(), metadata.type().getName(),
					(idType != null) ? idType.getName() : null, List.copyOf(properties)));
		}
		descriptions.sort(Comparator.comparing(EntityDescription::name));
		return descriptions;
	}

	private List<PropertyMetadata> beanProperties(Class<?> type) {
		List<PropertyMetadata> properties = new ArrayList<>();
		ReflectionUtils.doWithFields(type, (field) -> properties.add(beanProperty(type, field)),
				(field) -> field.isAnnotationPresent(CachedProperty.class));
		return List.copyOf(properties);
	}

	private PropertyMetadata beanProperty(Class<?> type, Field field) {
		PropertyMetadata property = this.resolver.resolve(type, field, "", "", "");
		ReflectionUtils.makeAccessible(field);
		return property;
	}

	EntityMetadata<?> entity(Class<?> type) {
		EntityMetadata<?> metadata = this.entities.get(type);
		if (metadata == null) {
			EntityMetadata<?> created = EntityMetadata.of(type, this.keyPrefix, this.resolver);
			// Tracked before any thread can read the entity, or a copy could be kept
			// unwatched; outside the map's lock, since tracking may wait for a server.
			trackNearCached(created.keyBase(), Arrays.asList(created.properties()));
			EntityMetadata<?> raced = this.entities.putIfAbsent(type, created);
			metadata = (raced != null) ? raced : created;
		}
		return metadata;
	}

	/**
	 * Have the near caches of the backends these properties use track the keys under
	 * {@code keyBase}; counters are never near-cached.
	 */
	private static void trackNearCached(String keyBase, Collection<PropertyMetadata> properties) {
		for (PropertyMetadata property : properties) {
			NearCache nearCache = property.store().nearCache();
			if (nearCache != null && !property.counter()) {
				nearCache.track(List.of(keyBase));
			}
		}
	}

	/**
	 * Close the near caches and their invalidation sources; the backends themselves are
	 * closed by whoever created them.
	 */
	@Override
	public void close() {
		this.nearCaches.values().forEach(NearCache::close);
	}

	/**
	 * Return how many values read from a backend did not decode as their property's type,
	 * whether they raised {@link io.cacheobj.CacheValueException} or read as absent.
	 * @param backend the backend's name
	 * @return the number of decode errors, {@code 0} for an unknown backend
	 * @since 0.1.0
	 */
	public long decodeErrors(String backend) {
		BackendStore store = this.stores.get(backend);
		return (store != null) ? store.decodeErrors() : 0;
	}

	/**
	 * Return a read-only view of each backend's near cache, by backend name, for metrics,
	 * health and management tools.
	 * @return the views, of the backends that have a near cache
	 * @since 0.1.0
	 */
	public Map<String, NearCacheStatistics> nearCacheStatistics() {
		return this.nearCacheStatistics;
	}

	/**
	 * What the actuator endpoint shows of an entity type: SPI for management tools, such
	 * as the {@code cacheobj} endpoint, that describe the binding.
	 *
	 * @param name the entity name, the first segment of its keys
	 * @param type the class name
	 * @param idType the class name of its {@code @CacheId}, or {@code null} when it has
	 * none
	 * @param properties its properties
	 */
	public record EntityDescription(String name, String type, @Nullable String idType,
			List<PropertyDescription> properties) {

	}

	/**
	 * What the actuator endpoint shows of a property: SPI for management tools.
	 *
	 * @param name the field name
	 * @param keyPattern its keys, such as {@code UserCache.{id}.username}
	 * @param valueType the declared value type, or {@code counter}
	 * @param backend the backend's name
	 * @param ttl its time to live, or {@code null} for none
	 */
	public record PropertyDescription(String name, String keyPattern, String valueType, String backend,
			@Nullable Duration ttl) {

	}

	/**
	 * Builds a {@link CacheObjBinding}.
	 */
	public static final class Builder {

		private final Map<String, BackendStore> backends = new LinkedHashMap<>();

		private @Nullable String defaultBackend;

		private String keyPrefix = "";

		private JsonMapper jsonMapper = JsonMapper.builder().build();

		private ConversionService conversionService = DefaultConversionService.getSharedInstance();

		private UnaryOperator<String> placeholders = UnaryOperator.identity();

		private final List<Class<?>> entityTypes = new ArrayList<>();

		private Builder() {
		}

		/**
		 * Set what resolves {@code ${...}} placeholders in the {@code backend} and
		 * {@code ttl} attributes of the annotations, such as an {@code Environment}'s
		 * {@code resolveRequiredPlaceholders}.
		 * @param placeholders the resolver; it throws {@link IllegalArgumentException}
		 * for a placeholder it cannot resolve
		 * @return this builder
		 */
		public Builder placeholderResolver(UnaryOperator<String> placeholders) {
			Assert.notNull(placeholders, "'placeholders' must not be null");
			this.placeholders = placeholders;
			return this;
		}

		/**
		 * Add a backend.
		 * @param name the name properties use
		 * @param backend the backend
		 * @param defaultTtl the time to live of properties that set none, or {@code null}
		 * @return this builder
		 */
		public Builder backend(String name, CacheBackend backend, @Nullable Duration defaultTtl) {
			Assert.hasText(name, "'name' must not be empty");
			Assert.notNull(backend, "'backend' must not be null");
			if (defaultTtl != null) {
				BackendFailures.requirePositive("'defaultTtl' of backend '" + name + "'", defaultTtl);
			}
			this.backends.put(name, new BackendStore(name, backend, defaultTtl, false, null, false));
			return this;
		}

		/**
		 * Give an added backend a near cache, which its properties' reads consult first
		 * (but counters' never), and which its writes through this binding keep right.
		 * With an invalidation source, the near cache serves copies only while the source
		 * tracks the keys and has confirmed within {@code lease}; without one, a copy is
		 * at most {@code ttl} stale. The binding starts the source when the first
		 * near-cached property is bound and closes it when the binding is closed.
		 * @param backend the name of an added backend
		 * @param maximumSize the most entries the near cache keeps
		 * @param ttl the longest a local copy lives
		 * @param lease how long after the source's last confirmation copies are served;
		 * unused without a source
		 * @param source what tells the near cache of changes, used by this backend only,
		 * or {@code null} when only {@code ttl} bounds staleness
		 * @return this builder
		 * @throws IllegalArgumentException when {@code maximumSize}, {@code ttl} or
		 * {@code lease} is not positive
		 * @throws IllegalStateException when no backend of that name was added
		 */
		public Builder nearCache(String backend, long maximumSize, Duration ttl, Duration lease,
				@Nullable InvalidationSource source) {
			return nearCache(backend,
					NearCache.create(backend, maximumSize, ttl, lease, source, Ticker.systemTicker()));
		}

		/**
		 * Give an added backend a near cache, such as one on a test's clock.
		 */
		Builder nearCache(String name, NearCache nearCache) {
			Assert.notNull(nearCache, "'nearCache' must not be null");
			BackendStore backend = this.backends.get(name);
			Assert.state(backend != null, () -> "No backend '" + name + "' was added");
			this.backends.put(name, backend.withNearCache(nearCache));
			return this;
		}

		/**
		 * Make a failure of an added backend ({@link io.cacheobj.CacheBackendException})
		 * act as a miss on reads, and be logged at WARN on writes, instead of being
		 * thrown. Values that do not decode still raise
		 * {@link io.cacheobj.CacheValueException}.
		 * @param name the name of an added backend
		 * @return this builder
		 */
		public Builder ignoreFailures(String name) {
			BackendStore backend = this.backends.get(name);
			Assert.state(backend != null, () -> "No backend '" + name + "' was added");
			this.backends.put(name, backend.withIgnoreFailures());
			return this;
		}

		/**
		 * Make a value of an added backend that does not decode as its property's type
		 * read as absent, instead of raising {@link io.cacheobj.CacheValueException}:
		 * logged once per key at WARN, counted in {@link CacheObjBinding#decodeErrors},
		 * and never deleted nor overwritten by the read.
		 * @param name the name of an added backend
		 * @return this builder
		 */
		public Builder missOnDecodeError(String name) {
			BackendStore backend = this.backends.get(name);
			Assert.state(backend != null, () -> "No backend '" + name + "' was added");
			this.backends.put(name, backend.withMissOnDecodeError());
			return this;
		}

		/**
		 * Set the backend of properties whose field and entity name none.
		 * @param defaultBackend the name of an added backend, or {@code null} for none
		 * @return this builder
		 */
		public Builder defaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
			return this;
		}

		/**
		 * Set the text prepended to every key.
		 * @param keyPrefix the prefix, possibly empty
		 * @return this builder
		 */
		public Builder keyPrefix(String keyPrefix) {
			Assert.notNull(keyPrefix, "'keyPrefix' must not be null");
			this.keyPrefix = keyPrefix;
			return this;
		}

		/**
		 * Set the mapper of values stored as JSON. The binding uses a copy with the
		 * tolerant settings of {@link CacheObjBinding#tolerant(JsonMapper)}.
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			Assert.notNull(jsonMapper, "'jsonMapper' must not be null");
			this.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * Set the service that converts ids to the type of their {@code @CacheId}.
		 * @param conversionService the conversion service
		 * @return this builder
		 */
		public Builder conversionService(ConversionService conversionService) {
			Assert.notNull(conversionService, "'conversionService' must not be null");
			this.conversionService = conversionService;
			return this;
		}

		/**
		 * Add entity types to check when the binding is built.
		 * @param entityTypes {@link CacheEntity} types
		 * @return this builder
		 */
		public Builder entityTypes(Collection<Class<?>> entityTypes) {
			this.entityTypes.addAll(entityTypes);
			return this;
		}

		/**
		 * Build the binding, checking every added entity type.
		 * @return the binding
		 * @throws io.cacheobj.CacheEntityDefinitionException when an entity type cannot
		 * be bound
		 * @throws IllegalStateException when the default backend was not added
		 */
		public CacheObjBinding build() {
			Assert.state(this.defaultBackend == null || this.backends.containsKey(this.defaultBackend),
					() -> "Default backend '" + this.defaultBackend + "' is not among " + this.backends.keySet());
			CacheObjBinding binding = new CacheObjBinding(this);
			this.entityTypes.forEach(binding::entity);
			return binding;
		}

	}

}
