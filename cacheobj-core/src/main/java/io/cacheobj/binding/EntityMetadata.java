package io.cacheobj.binding;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Everything known of one {@link CacheEntity} type, resolved and checked once: its key
 * base, id, properties, how to build an object, and its properties grouped by backend for
 * bulk reads.
 *
 * @param <T> the entity type
 */
final class EntityMetadata<T> {

	private final Class<T> type;

	private final String name;

	private final String keyBase;

	private final @Nullable Field idField;

	private final PropertyMetadata[] properties;

	private final EntityInstantiator<T> instantiator;

	private final List<BackendGroup> valueGroups;

	private final List<BackendGroup> allGroups;

	/**
	 * The keys of recently bound ids, by id text, when a property is near-cached; see
	 * {@link #bind}.
	 */
	private final @Nullable RecentKeys recentKeys;

	private EntityMetadata(Class<T> type, String name, String keyBase, @Nullable Field idField,
			PropertyMetadata[] properties, EntityInstantiator<T> instantiator) {
		this.type = type;
		this.name = name;
		this.keyBase = keyBase;
		this.idField = idField;
		this.properties = properties;
		this.instantiator = instantiator;
		this.valueGroups = BackendGroup.of(properties, false);
		this.allGroups = BackendGroup.of(properties, true);
		this.recentKeys = recentKeys(this.valueGroups);
	}

	/**
	 * Make the table of recent keys when a property is near-cached: as many ids as a near
	 * cache has room for with every property of an object it holds, the most over the
	 * backends (whose groups leave counters out).
	 */
	private @Nullable RecentKeys recentKeys(List<BackendGroup> valueGroups) {
		long ids = 0;
		for (BackendGroup group : valueGroups) {
			NearCache nearCache = group.backend().nearCache();
			if (nearCache != null) {
				ids = Math.max(ids, Math.max(1, nearCache.maximumSize() / group.indexes().length));
			}
		}
		return (ids > 0) ? new RecentKeys(ids, this::keys) : null;
	}

	static <T> EntityMetadata<T> of(Class<T> type, String keyPrefix, PropertyResolver resolver) {
		CacheEntity entity = type.getAnnotation(CacheEntity.class);
		if (entity == null) {
			throw new CacheEntityDefinitionException(type.getName() + " is not annotated @CacheEntity",
					"Annotate " + type.getSimpleName() + " with @CacheEntity, or use a class that is.");
		}
		String name = StringUtils.hasLength(entity.name()) ? entity.name() : type.getSimpleName();
		if (!PropertyResolver.isKeySegment(name)) {
			throw new CacheEntityDefinitionException(
					type.getName() + " has the entity name '" + name
							+ "', which contains a dot, white space or a control character",
					"Set @CacheEntity(name = ...) to a name without dots or white space: the key's first segment must"
							+ " name the entity alone.");
		}
		List<Field> fields = type.isRecord() ? recordFields(type) : annotatedFields(type);
		Field idField = null;
		List<PropertyMetadata> properties = new ArrayList<>();
		Set<String> keys = new HashSet<>();
		for (Field field : fields) {
			if (field.isAnnotationPresent(CacheId.class)) {
				if (idField != null) {
					throw new CacheEntityDefinitionException(type.getName() + " has two @CacheId fields: "
							+ idField.getName() + " and " + field.getName(), "Keep @CacheId on one field only.");
				}
				idField = field;
			}
			else if (field.isAnnotationPresent(CachedProperty.class)) {
				PropertyMetadata property = resolver.resolve(type, field, entity.backend(), entity.ttl(), ".");
				if (!keys.add(property.keySuffix())) {
					throw new CacheEntityDefinitionException(
							type.getName() + " has two properties with key '" + property.keySuffix().substring(1) + "'",
							"Give each @CachedProperty of " + type.getSimpleName() + " its own key.");
				}
				properties.add(property);
			}
			else if (type.isRecord()) {
				throw new CacheEntityDefinitionException(
						"Record component '" + type.getName() + "." + field.getName()
								+ "' is neither @CacheId nor @CachedProperty",
						"Annotate the component with @CacheId or @CachedProperty, or remove it from the record.");
			}
		}
		if (idField != null && idField.getType().isPrimitive()) {
			throw new CacheEntityDefinitionException(
					"@CacheId field '" + type.getName() + "." + idField.getName() + "' has the primitive type "
							+ idField.getType().getName(),
					"Declare the id with a reference type such as Long, String or UUID.");
		}
		PropertyMetadata[] resolved = properties.toArray(new PropertyMetadata[0]);
		String keyBase = keyPrefix + name + ".";
		if (type.isRecord()) {
			return ofRecord(type, name, keyBase, idField, resolved);
		}
		return new EntityMetadata<>(type, name, keyBase, makeAccessible(idField), resolved,
				EntityInstantiator.ofClass(type, noArgConstructor(type), idField, resolved));
	}

	private static <T> EntityMetadata<T> ofRecord(Class<T> type, String name, String keyBase, @Nullable Field idField,
			PropertyMetadata[] properties) {
		RecordComponent[] components = type.getRecordComponents();
		Class<?>[] parameterTypes = new Class<?>[components.length];
		int[] arguments = new int[components.length];
		for (int i = 0; i < components.length; i++) {
			parameterTypes[i] = components[i].getType();
			arguments[i] = -1;
			for (int p = 0; p < properties.length; p++) {
				if (properties[p].name().equals(components[i].getName())) {
					arguments[i] = p;
				}
			}
		}
		try {
			Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
			ReflectionUtils.makeAccessible(constructor);
			return new EntityMetadata<>(type, name, keyBase, idField, properties,
					EntityInstantiator.ofRecord(type, constructor, arguments, properties));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Record " + type.getName() + " has no canonical constructor", ex);
		}
	}

	private static List<Field> recordFields(Class<?> type) {
		List<Field> fields = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			fields.add(makeAccessible(ReflectionUtils.findField(type, component.getName())));
		}
		return fields;
	}

	private static List<Field> annotatedFields(Class<?> type) {
		Map<String, Field> fields = new LinkedHashMap<>();
		ReflectionUtils.doWithFields(type, (field) -> fields.putIfAbsent(field.getName(), makeAccessible(field)),
				(field) -> field.isAnnotationPresent(CachedProperty.class) || field.isAnnotationPresent(CacheId.class));
		return new ArrayList<>(fields.values());
	}

	private static <T> Constructor<T> noArgConstructor(Class<T> type) {
		try {
			Constructor<T> constructor = type.getDeclaredConstructor();
			ReflectionUtils.makeAccessible(constructor);
			return constructor;
		}
		catch (NoSuchMethodException ex) {
			throw new CacheEntityDefinitionException(type.getName() + " has no constructor without arguments",
					"Add a no-argument constructor (of any visibility) to " + type.getSimpleName()
							+ ", or make it a record.");
		}
	}

	private static @Nullable Field makeAccessible(@Nullable Field field) {
		if (field != null) {
			ReflectionUtils.makeAccessible(field);
		}
		return field;
	}

	Class<T> type() {
		return this.type;
	}

	String name() {
		return this.name;
	}

	String keyBase() {
		return this.keyBase;
	}

	@Nullable Class<?> idType() {
		return (this.idField != null) ? this.idField.getType() : null;
	}

	PropertyMetadata[] properties() {
		return this.properties;
	}

	List<BackendGroup> valueGroups() {
		return this.valueGroups;
	}

	List<BackendGroup> allGroups() {
		return this.allGroups;
	}

	/**
	 * Bind every property to the keys of an id, without building an object.
	 * <p>
	 * When a property is near-cached, the keys of recently bound ids are bound again as
	 * the same strings: the near cache finds a key it holds by identity, without hashing
	 * a new string and comparing it with the one it keeps, which is most of the cost of a
	 * hit for an object bound anew on every request.
	 * @param idText the id as it appears in keys
	 * @return the bound properties, in the order of {@link #properties()}
	 */
	BoundProperty[] bind(String idText) {
		RecentKeys recentKeys = this.recentKeys;
		String[] keys = (recentKeys != null) ? recentKeys.keys(idText) : null;
		BoundProperty[] bound = new BoundProperty[this.properties.length];
		for (int i = 0; i < bound.length; i++) {
			PropertyMetadata property = this.properties[i];
			bound[i] = property.bind((keys != null) ? keys[i] : key(idText, property));
		}
		return bound;
	}

	/**
	 * Return how many ids' keys are kept for binding again.
	 * @return the number of ids, {@code 0} when no property is near-cached
	 */
	long recentIds() {
		RecentKeys recentKeys = this.recentKeys;
		return (recentKeys != null) ? recentKeys.size() : 0;
	}

	private String[] keys(String idText) {
		String[] keys = new String[this.properties.length];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = key(idText, this.properties[i]);
		}
		return keys;
	}

	private String key(String idText, PropertyMetadata property) {
		return this.keyBase + idText + property.keySuffix();
	}

	/**
	 * Build an object holding the id and the bound properties.
	 * @param id the id, of the id field's type
	 * @param bound the bound properties, from {@link #bind(String)}
	 * @return the object
	 */
	T newInstance(Object id, BoundProperty[] bound) {
		return this.instantiator.newInstance(id, bound);
	}

	/**
	 * Build an object holding the id and its properties bound to the keys of the id: what
	 * {@code newInstance(id, bind(idText))} builds, without the array of bound
	 * properties.
	 * @param id the id, of the id field's type
	 * @param idText the id as it appears in keys
	 * @return the object
	 */
	T newInstance(Object id, String idText) {
		RecentKeys recentKeys = this.recentKeys;
		return this.instantiator.newInstance(id, (recentKeys != null) ? recentKeys.keys(idText) : keys(idText));
	}

	/**
	 * Return the properties of an object this metadata built.
	 * @param entity the object
	 * @return its bound properties
	 * @throws IllegalArgumentException when a property was not bound by a repository
	 */
	BoundProperty[] boundProperties(Object entity) {
		BoundProperty[] bound = new BoundProperty[this.properties.length];
		for (int i = 0; i < bound.length; i++) {
			Field field = this.properties[i].field();
			if (!(ReflectionUtils.getField(field, entity) instanceof BoundProperty property)) {
				throw new IllegalArgumentException("Property '" + field.getName() + "' of " + entity
						+ " is not bound: obtain the object from CacheEntityRepository");
			}
			bound[i] = property;
		}
		return bound;
	}

	/**
	 * The properties of one backend, by index, for one bulk read or delete.
	 *
	 * @param backend the backend
	 * @param indexes the indexes of its properties in {@link #properties()}
	 * @param hasCounters whether any of them is a counter, which the near cache never
	 * serves
	 */
	record BackendGroup(BackendStore backend, int[] indexes, boolean hasCounters) {

		static List<BackendGroup> of(PropertyMetadata[] properties, boolean withCounters) {
			Map<String, List<Integer>> byBackend = new LinkedHashMap<>();
			Map<String, BackendStore> backends = new LinkedHashMap<>();
			Set<String> withCounter = new HashSet<>();
			for (int i = 0; i < properties.length; i++) {
				if (withCounters || !properties[i].counter()) {
					BackendStore backend = properties[i].store();
					backends.put(backend.backendName(), backend);
					byBackend.computeIfAbsent(backend.backendName(), (name) -> new ArrayList<>()).add(i);
					if (properties[i].counter()) {
						withCounter.add(backend.backendName());
					}
				}
			}
			List<BackendGroup> groups = new ArrayList<>();
			byBackend.forEach((name, indexes) -> groups.add(new BackendGroup(backends.get(name),
					indexes.stream().mapToInt(Integer::intValue).toArray(), withCounter.contains(name))));
			return List.copyOf(groups);
		}

	}

}
