package io.cacheobj.binding;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.ResolvableType;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

/**
 * Resolves a {@link CachedProperty} field's backend, time to live and codec, and refuses
 * a definition that cannot work, saying what is wrong and what to do.
 */
final class PropertyResolver {

	private final Map<String, BackendStore> backends;

	private final @Nullable String defaultBackend;

	private final JsonMapper jsonMapper;

	private final UnaryOperator<String> placeholders;

	private final Map<Type, ValueCodec<Object>> codecs = new ConcurrentHashMap<>();

	PropertyResolver(Map<String, BackendStore> backends, @Nullable String defaultBackend, JsonMapper jsonMapper,
			UnaryOperator<String> placeholders) {
		this.backends = backends;
		this.defaultBackend = defaultBackend;
		this.jsonMapper = jsonMapper;
		this.placeholders = placeholders;
	}

	/**
	 * Resolve a field.
	 * @param owner the entity or bean class, for messages
	 * @param field the annotated field
	 * @param ownerBackend the entity's backend, or empty
	 * @param ownerTtl the entity's time to live, or empty
	 * @param separator what stands between the owner's key base and the property key
	 * @return the metadata
	 */
	PropertyMetadata resolve(Class<?> owner, Field field, String ownerBackend, String ownerTtl, String separator) {
		CachedProperty annotation = field.getAnnotation(CachedProperty.class);
		String where = owner.getName() + "." + field.getName();
		if (Modifier.isStatic(field.getModifiers())) {
			throw new CacheEntityDefinitionException("@CachedProperty field '" + where + "' is static",
					"Make the field an instance field: each object is bound to its own keys.");
		}
		boolean counter = checkType(field, where);
		BackendStore backend = backend(resolve(annotation.backend(), where), resolve(ownerBackend, where), where);
		Duration ttl = ttl(resolve(annotation.ttl(), where), resolve(ownerTtl, where), where);
		if (ttl == null) {
			ttl = backend.defaultTtl();
		}
		String key = StringUtils.hasLength(annotation.key()) ? annotation.key() : field.getName();
		if (!isKeySegment(key)) {
			throw new CacheEntityDefinitionException(
					"@CachedProperty field '" + where + "' has key '" + key
							+ "', which is empty or contains a dot, white space or a control character",
					"Set @CachedProperty(key = ...) to a name without dots or white space, or remove it to use the field"
							+ " name: the key's last segment must name the property alone.");
		}
		Type valueType = counter ? Long.class : valueType(field, where);
		return new PropertyMetadata(field, separator + key, counter, backend, ttl, valueType, codec(valueType));
	}

	private String resolve(String text, String where) {
		if (!text.contains("${")) {
			return text;
		}
		try {
			return this.placeholders.apply(text);
		}
		catch (IllegalArgumentException ex) {
			throw new CacheEntityDefinitionException(
					"'" + text + "' in the annotations of '" + where + "' has a placeholder that cannot be resolved",
					"Define the property it names, or give the placeholder a default, as in ${my.backend:local}.");
		}
	}

	@SuppressWarnings("unchecked")
	ValueCodec<Object> codec(Type valueType) {
		return this.codecs.computeIfAbsent(valueType,
				(type) -> (ValueCodec<Object>) ValueCodec.forType(type, this.jsonMapper));
	}

	private static boolean checkType(Field field, String where) {
		Class<?> type = field.getType();
		if (type == CachedCounter.class) {
			return true;
		}
		if (type != CachedValue.class) {
			throw new CacheEntityDefinitionException(
					"@CachedProperty field '" + where + "' has type " + type.getName()
							+ ", which is neither CachedValue nor CachedCounter",
					"Declare the field as CachedValue<" + type.getSimpleName()
							+ "> for a value, or CachedCounter for a counter.");
		}
		return false;
	}

	private static Type valueType(Field field, String where) {
		ResolvableType generic = ResolvableType.forField(field).getGeneric(0);
		if (generic.resolve() == null || generic.hasUnresolvableGenerics()) {
			throw new CacheEntityDefinitionException(
					"@CachedProperty field '" + where + "' does not declare the type of its value: "
							+ field.getGenericType().getTypeName(),
					"Declare a concrete value type, such as CachedValue<String> or CachedValue<List<Address>>.");
		}
		return generic.getType();
	}

	private BackendStore backend(String own, String owner, String where) {
		String name = StringUtils.hasLength(own) ? own : StringUtils.hasLength(owner) ? owner : this.defaultBackend;
		if (name == null) {
			throw new CacheEntityDefinitionException(
					"@CachedProperty field '" + where + "' names no backend, and there is no default backend among "
							+ this.backends.keySet(),
					"Set cacheobj.default-backend to one of " + this.backends.keySet()
							+ ", or name a backend with @CachedProperty(backend = ...) or @CacheEntity(backend = ...).");
		}
		BackendStore backend = this.backends.get(name);
		if (backend == null) {
			throw new CacheEntityDefinitionException(
					"@CachedProperty field '" + where + "' uses backend '" + name
							+ "', which does not exist; the backends are " + this.backends.keySet(),
					"Declare the backend under cacheobj.backends." + name + " (or as a CacheBackend bean named '" + name
							+ "'), or use one of " + this.backends.keySet() + ".");
		}
		return backend;
	}

	private static @Nullable Duration ttl(String own, String owner, String where) {
		String text = StringUtils.hasLength(own) ? own : owner;
		if (!StringUtils.hasLength(text)) {
			return null;
		}
		Duration ttl;
		try {
			ttl = DurationFormatterUtils.detectAndParse(text);
		}
		catch (RuntimeException ex) {
			throw invalidTtl(where, text, "cannot be parsed");
		}
		if (ttl.isNegative() || ttl.isZero()) {
			throw invalidTtl(where, text, "is not positive");
		}
		return ttl;
	}

	private static CacheEntityDefinitionException invalidTtl(String where, String text, String problem) {
		return new CacheEntityDefinitionException("Time to live '" + text + "' of '" + where + "' " + problem,
				"Write a positive duration such as 30s, 10m, 2h, 1d or PT1H, or leave ttl empty for no expiry.");
	}

	/**
	 * Tell whether a name can be a segment of a key that stays unambiguous whatever the
	 * id: with no dot in entity names and property keys, a key's first segment is always
	 * its entity and its last always its property, and the id is all between.
	 * @param name an entity name or property key
	 * @return whether it is non-empty and free of dots, white space and control
	 * characters
	 */
	static boolean isKeySegment(String name) {
		return !name.isEmpty()
				&& name.chars().noneMatch((c) -> c == '.' || Character.isWhitespace(c) || Character.isISOControl(c));
	}

}
