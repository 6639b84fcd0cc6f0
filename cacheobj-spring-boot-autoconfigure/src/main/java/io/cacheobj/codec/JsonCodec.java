package io.cacheobj.codec;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every other type as JSON, read back as the declared generic type. Stored as text, so
 * Python reads a {@code str} that {@code json.loads} accepts.
 */
final class JsonCodec extends AbstractValueCodec<Object> {

	private final ObjectReader reader;

	private final ObjectWriter writer;

	JsonCodec(Type type, JsonMapper jsonMapper) {
		super(type, PythonFlags.TEXT, false);
		JavaType javaType = jsonMapper.constructType(type);
		this.reader = jsonMapper.readerFor(javaType);
		this.writer = jsonMapper.writerFor(javaType);
	}

	@Override
	byte[] encode(Object value) {
		return this.writer.writeValueAsBytes(value);
	}

	@Override
	@Nullable Object decode(byte[] bytes) {
		return this.reader.readValue(bytes);
	}

}
