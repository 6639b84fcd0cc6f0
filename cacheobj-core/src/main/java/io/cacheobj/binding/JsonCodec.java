package io.cacheobj.binding;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every other type as JSON, read back as the declared generic type. Stored as text, so
 * Python reads a {@code str} that {@code json.loads} accepts.
 * <p>
 * Values evolve across versions of an application, so they are read tolerantly (see
 * {@link #tolerant}).
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

	/**
	 * Return a copy of a mapper that reads values written by other versions of a type: an
	 * unknown field is ignored; a missing field keeps its default: the field's initial
	 * value in a class, and in a record or creator {@code 0} or {@code false} for a
	 * primitive, an empty collection or map for the collection and map interfaces, empty
	 * for {@code Optional}, and {@code null} for any other type. A {@code null}
	 * collection or map reads as empty too. Everything else (modules, naming strategy,
	 * dates) is the given mapper's.
	 */
	static JsonMapper tolerant(JsonMapper jsonMapper) {
		JsonMapper.Builder builder = jsonMapper.rebuild()
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
					DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
					DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES);
		JsonSetter.Value asEmpty = JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY);
		for (Class<?> type : List.of(Collection.class, List.class, Set.class, SortedSet.class, Map.class,
				SortedMap.class)) {
			builder.withConfigOverride(type, (override) -> override.setNullHandling(asEmpty));
		}
		return builder.build();
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
