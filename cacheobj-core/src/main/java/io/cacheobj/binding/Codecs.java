package io.cacheobj.binding;

import java.lang.reflect.Type;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

/**
 * Chooses the codec of a declared type.
 */
final class Codecs {

	private static final TextCodec TEXT = new TextCodec();

	private static final BytesCodec BYTES = new BytesCodec();

	private Codecs() {
	}

	static ValueCodec<?> forType(Type type, JsonMapper jsonMapper) {
		if (type instanceof Class<?> rawType) {
			Class<?> valueType = ClassUtils.resolvePrimitiveIfNecessary(rawType);
			if (valueType == String.class) {
				return TEXT;
			}
			if (valueType == byte[].class) {
				return BYTES;
			}
			ValueCodec<?> scalar = ScalarCodec.forType(valueType);
			if (scalar != null) {
				return scalar;
			}
		}
		return new JsonCodec(type, jsonMapper);
	}

}
