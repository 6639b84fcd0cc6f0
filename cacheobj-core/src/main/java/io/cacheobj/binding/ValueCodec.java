package io.cacheobj.binding;

import java.lang.reflect.Type;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns values of one declared type into {@link StoredValue}s and back.
 * <p>
 * Strings are UTF-8 text; integral and decimal numbers and booleans their decimal or
 * {@code true}/{@code false} text; enums their name; {@code byte[]} raw bytes; every
 * other type JSON, read back as the declared generic type. Text and integers carry the
 * memcached flags python-memcached uses (text 16, integer 2), so Python reads {@code str}
 * and {@code int}. Java serialization is never used, and a Python pickle (flag 1) or
 * compressed item (flag 8) is refused.
 * <p>
 * Codecs are immutable and thread-safe.
 *
 * @param <T> the declared type
 */
interface ValueCodec<T> {

	/**
	 * Encode a value.
	 * @param key the key it is written to, for messages
	 * @param value the value
	 * @return the bytes and flags to store
	 * @throws CacheValueException when the value cannot be encoded
	 */
	StoredValue encode(String key, T value);

	/**
	 * Decode stored bytes; a wrong value is never returned.
	 * @param key the key they were read from, for messages
	 * @param value the stored bytes and flags
	 * @return the value
	 * @throws CacheValueException naming the key and the type when the bytes do not
	 * decode as the declared type
	 */
	T decode(String key, StoredValue value);

	/**
	 * Return the codec of a declared type.
	 * @param type the type, such as {@code String.class} or a {@code ParameterizedType}
	 * for {@code List<Address>}; primitive types stand for their wrappers
	 * @param jsonMapper the mapper of types stored as JSON
	 * @return the codec
	 */
	static ValueCodec<?> forType(Type type, JsonMapper jsonMapper) {
		return Codecs.forType(type, jsonMapper);
	}

	/**
	 * Return a copy of a mapper that reads JSON values written by other versions of their
	 * type, as during a rolling deploy: an unknown field is ignored, and a missing field
	 * reads as its default ({@code 0} or {@code false} for a primitive, an empty
	 * collection or map for {@code Collection}, {@code List}, {@code Set} and {@code Map}
	 * types, which also read a {@code null} as empty, {@code null} otherwise; a class's
	 * field keeps its initial value). Modules, naming, dates and every other setting are
	 * the given mapper's.
	 * @param jsonMapper the mapper, such as the application's
	 * @return a tolerant copy; the given mapper is not changed
	 */
	static JsonMapper tolerant(JsonMapper jsonMapper) {
		return JsonCodec.tolerant(jsonMapper);
	}

}
