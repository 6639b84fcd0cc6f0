package io.cacheobj.cache;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.codec.ValueCodec;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cache.support.NullValue;
import org.springframework.util.ClassUtils;

/**
 * The stored form of cached values. A {@code String} is its UTF-8 text, unless it starts
 * with {@code [}; {@code null} is {@code [null]}; every other value, and such a string,
 * is the JSON array {@code ["<class name>", <value>]}, written by a mapper that records
 * the types of nested values too, so that {@code Cache.get(key)}, which has no type,
 * reads a {@code Long} back as a {@code Long} and a {@code List} of records as records.
 * Only {@linkplain TrustedTypes trusted} types are instantiated, judged by name before a
 * class is loaded; Java serialization is never used.
 */
final class CacheValues {

	private static final byte[] NULL = "[null]".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper mapper;

	private final TrustedTypes trusted;

	private final @Nullable ClassLoader classLoader;

	private final ValueCodec<String> text;

	private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();

	@SuppressWarnings("unchecked")
	CacheValues(JsonMapper jsonMapper, TrustedTypes trusted, @Nullable ClassLoader classLoader) {
		this.trusted = trusted;
		this.classLoader = classLoader;
		this.mapper = ValueCodec.tolerant(jsonMapper)
			.rebuild()
			.disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
			.activateDefaultTyping(trusted.validator(), DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY)
			.build();
		this.text = (ValueCodec<String>) ValueCodec.forType(String.class, this.mapper);
	}

	StoredValue encode(String key, @Nullable Object value) {
		if (value == null) {
			return this.text.encode(key, "[null]");
		}
		if (value instanceof String string && !string.startsWith("[")) {
			return this.text.encode(key, string);
		}
		String json;
		try {
			json = this.mapper.writerFor(value.getClass()).writeValueAsString(value);
		}
		catch (JacksonException ex) {
			throw new CacheValueException("Value of type " + value.getClass().getName() + " for key '" + key
					+ "' cannot be written as JSON: " + ex.getOriginalMessage(), ex);
		}
		return this.text.encode(key, "[\"" + value.getClass().getName() + "\"," + json + "]");
	}

	/**
	 * Decode a stored value.
	 * @return the value, or {@link NullValue#INSTANCE} for a stored {@code null}
	 * @throws CacheValueException with the reason when it does not decode
	 */
	Object decode(String key, StoredValue stored) {
		byte[] bytes = stored.bytes();
		if (!isEnveloped(stored)) {
			return this.text.decode(key, stored);
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
				throw undecodable(key, "it names type " + className + ", which is not trusted (add its package to "
						+ "cacheobj.spring-cache.trusted-packages to trust it)", null);
			}
			Class<?> type = type(key, className);
			parser.nextToken();
			Object value = this.mapper.readerFor(type).readValue(parser);
			if (parser.nextToken() != JsonToken.END_ARRAY) {
				throw undecodable(key, "it has more than a class name and a value", null);
			}
			return (value != null) ? value : NullValue.INSTANCE;
		}
		catch (JacksonException ex) {
			throw undecodable(key, ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Decode a stored value read for a type: text that is no envelope, such as a number
	 * another client wrote, is parsed as the type, as a property of that type would read
	 * it.
	 */
	@Nullable Object decode(String key, StoredValue stored, @Nullable Class<?> type) {
		if (type != null && type != String.class && type != Object.class && !isEnveloped(stored)) {
			return ValueCodec.forType(type, this.mapper).decode(key, stored);
		}
		return decode(key, stored);
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

	private static CacheValueException undecodable(String key, String reason, @Nullable Throwable cause) {
		return new CacheValueException("Value of key '" + key + "' does not decode: " + reason, cause);
	}

}
