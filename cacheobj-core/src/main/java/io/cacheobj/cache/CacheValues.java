package io.cacheobj.cache;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjBinding;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.support.NullValue;
import org.springframework.util.ClassUtils;

/**
 * The stored form of cached values, which always names its type: the JSON array
 * {@code ["<class name>", <value>]}, strings included
 * ({@code ["java.lang.String","text"]}), and {@code [null]} for {@code null}. The mapper
 * that writes it records the types of nested values too, so that {@code Cache.get(key)},
 * which has no type, reads a {@code Long} back as a {@code Long} and a {@code List} of
 * records as records. Anything else under a cache's key (another client's plain text,
 * foreign or truncated JSON, JDK-serialized bytes) is no value of this cache: an untyped
 * read refuses it, while a read for a type parses plain text as that type. Only
 * {@linkplain TrustedTypes trusted} types are instantiated, judged by name before a class
 * is loaded, and a value whose types would not be trusted when read is never written.
 * Java serialization is never used.
 */
final class CacheValues {

	private static final byte[] NULL = "[null]".getBytes(StandardCharsets.UTF_8);

	/** python-memcached's flags of a {@code str}. */
	private static final int TEXT_FLAGS = 16;

	/** Types whose JSON holds no nested type, so that a written value needs no check. */
	private static final Set<Class<?>> SCALARS = Set.of(String.class, Long.class, Integer.class, Short.class,
			Byte.class, Double.class, Float.class, Boolean.class, Character.class, BigDecimal.class, BigInteger.class,
			UUID.class);

	private final JsonMapper mapper;

	private final TrustedTypes trusted;

	private final @Nullable ClassLoader classLoader;

	private final CacheObjBinding binding;

	private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

	CacheValues(CacheObjBinding binding, JsonMapper jsonMapper, TrustedTypes trusted,
			@Nullable ClassLoader classLoader) {
		this.binding = binding;
		this.trusted = trusted;
		this.classLoader = classLoader;
		this.mapper = CacheObjBinding.tolerant(jsonMapper)
			.rebuild()
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.activateDefaultTyping(trusted.validator(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
	}

	/**
	 * Return whether values of a type are read back: the type and its nested types' names
	 * are trusted.
	 * @param type the type
	 * @return whether the type is trusted
	 */
	boolean isTrusted(Class<?> type) {
		return this.trusted.isTrusted(type.getName());
	}

	/**
	 * Encode a value in the form that names its type.
	 * @throws UntrustedValueException when the value's type, or a nested value's, is not
	 * trusted, so that a read would refuse it
	 * @throws CacheValueException when the value cannot be written as JSON, or would not
	 * read back
	 */
	StoredValue encode(String cacheName, String key, @Nullable Object value) {
		if (value == null) {
			return text(NULL.clone());
		}
		Class<?> type = value.getClass();
		if (!this.trusted.isTrusted(type.getName())) {
			throw new UntrustedValueException(cacheName, type.getName(), type.getName());
		}
		String json;
		try {
			json = this.mapper.writerFor(type).writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new CacheValueException("Value of type " + type.getName() + " for key '" + key + "' of cache '"
					+ cacheName + "' cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
		StoredValue stored = text(("[\"" + type.getName() + "\"," + json + "]").getBytes(StandardCharsets.UTF_8));
		if (!SCALARS.contains(type) && !type.getName().startsWith("java.time.")) {
			checkReadsBack(cacheName, key, type, stored);
		}
		return stored;
	}

	/**
	 * Read a value just written, so that a value this cache would refuse to read, for a
	 * nested type that is not trusted or a type Jackson can write but not create, is
	 * never stored.
	 */
	private void checkReadsBack(String cacheName, String key, Class<?> type, StoredValue stored) {
		try {
			decode(key, stored);
		}
		catch (UnreadableValueException ex) {
			String untrusted = ex.untrustedType();
			if (untrusted != null) {
				throw new UntrustedValueException(cacheName, type.getName(), untrusted);
			}
			throw new CacheValueException("Value of type " + type.getName() + " for key '" + key + "' of cache '"
					+ cacheName + "' would not read back, so it is not stored: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Decode a stored value.
	 * @return the value, or {@link NullValue#INSTANCE} for a stored {@code null}
	 * @throws UnreadableValueException with the reason when it is no value of a cache, or
	 * does not decode
	 */
	Object decode(String key, StoredValue stored) {
		byte[] bytes = stored.bytes();
		if (!isEnveloped(stored)) {
			throw undecodable(key, "it does not name its type (it is no [\"<class name>\", <value>] array)", null);
		}
		if (Arrays.equals(bytes, NULL)) {
			return NullValue.INSTANCE;
		}
		try (JsonParser parser = this.mapper.createParser(bytes)) {
			if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.VALUE_STRING) {
				throw undecodable(key, "it is no [\"<class name>\", <value>] array", null);
			}
			String className = parser.getString();
			if (!this.trusted.isTrusted(className)) {
				throw untrusted(key, className, null);
			}
			Class<?> type = type(key, className);
			parser.nextToken();
			Object value = this.mapper.readerFor(type).readValue(parser);
			if (parser.nextToken() != JsonToken.END_ARRAY) {
				throw undecodable(key, "it has more than a class name and a value", null);
			}
			return (value != null) ? value : NullValue.INSTANCE;
		}
		catch (InvalidTypeIdException ex) {
			String typeId = ex.getTypeId();
			if (typeId != null && !this.trusted.isTrusted(typeId)) {
				throw untrusted(key, typeId, ex);
			}
			throw undecodable(key, ex.getOriginalMessage(), ex);
		}
		catch (JacksonException ex) {
			throw undecodable(key, ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Decode a stored value read for a type: text that does not name its type, such as a
	 * number another client wrote, is parsed as the type, as a property of that type
	 * would read it.
	 * @throws CacheValueException when it does not decode
	 */
	@Nullable Object decode(String key, StoredValue stored, @Nullable Class<?> type) {
		if (type != null && type != Object.class && !isEnveloped(stored)) {
			try {
				return this.binding.decode(key, stored, type);
			}
			catch (CacheValueException ex) {
				throw undecodable(key, ex.getMessage(), ex);
			}
		}
		return decode(key, stored);
	}

	/**
	 * A value as UTF-8 text, with the memcached flags python-memcached gives a
	 * {@code str}, as cacheobj writes all text: Python reads the JSON as text.
	 */
	private static StoredValue text(byte[] utf8) {
		return new StoredValue(utf8, TEXT_FLAGS);
	}

	private static boolean isEnveloped(StoredValue stored) {
		byte[] bytes = stored.bytes();
		return bytes.length > 0 && bytes[0] == '[';
	}

	private Class<?> type(String key, String className) {
		Class<?> type = this.classes.get(className);
		if (type != null) {
			return type;
		}
		try {
			type = ClassUtils.forName(className, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw undecodable(key, "its type " + className + " is not on the classpath", ex);
		}
		if (this.classes.size() < 10_000) {
			this.classes.put(className, type);
		}
		return type;
	}

	private static UnreadableValueException undecodable(String key, @Nullable String reason,
			@Nullable Throwable cause) {
		return new UnreadableValueException("Value of key '" + key + "' does not decode: " + reason, null, cause);
	}

	private static UnreadableValueException untrusted(String key, String className, @Nullable Throwable cause) {
		return new UnreadableValueException("Value of key '" + key + "' does not decode: it names type " + className
				+ ", which is not trusted (add its package to " + UntrustedValueException.SETTING + " to trust it)",
				className, cause);
	}

	/**
	 * Why a stored value was read as a miss.
	 */
	enum Reason {

		/** It names a type that is not trusted. */
		UNTRUSTED_TYPE,

		/** It is no value this cache wrote, or it does not decode. */
		UNDECODABLE

	}

	/**
	 * Stored bytes that are no value of this cache, or name a type it does not trust.
	 */
	static final class UnreadableValueException extends CacheValueException {

		private static final long serialVersionUID = 1L;

		private final @Nullable String untrustedType;

		UnreadableValueException(String message, @Nullable String untrustedType, @Nullable Throwable cause) {
			super(message, cause);
			this.untrustedType = untrustedType;
		}

		@Nullable String untrustedType() {
			return this.untrustedType;
		}

		Reason reason() {
			return (this.untrustedType != null) ? Reason.UNTRUSTED_TYPE : Reason.UNDECODABLE;
		}

	}

}
