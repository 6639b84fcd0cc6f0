package io.cacheobj.cache;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.util.ReflectionUtils;

/**
 * The text of a cache key, stable across JVMs and versions: strings as they are, the
 * JDK's integral numbers, doubles, floats, booleans, characters, UUIDs and
 * {@code java.time} values by {@code toString()}, a {@code BigDecimal} by
 * {@code toPlainString()} (so {@code 1E+3} is {@code 1000}, while {@code 1.50} and
 * {@code 1.5} stay apart, as {@code equals} has them), enums by name, records whose
 * components all have such a text by {@code toString()}, and a {@link SimpleKey} as the
 * texts of its parameters joined by commas. In every text a {@code \} is written
 * {@code \\} and a {@code ,} is written {@code \,}, and a {@code null} parameter is
 * {@code \N}, so that no two keys share a text: {@code ("a,b", "c")} is {@code a\,b,c}
 * and {@code ("a", "b,c")} is {@code a,b\,c}. Any other object is refused, since its
 * {@code toString()} may differ between instances that are equal.
 */
final class CacheKeys {

	private static final @Nullable Field SIMPLE_KEY_PARAMS = ReflectionUtils.findField(SimpleKey.class, "params");

	static {
		if (SIMPLE_KEY_PARAMS != null) {
			ReflectionUtils.makeAccessible(SIMPLE_KEY_PARAMS);
		}
	}

	private static final String NULL = "\\N";

	private CacheKeys() {
	}

	private static String escape(String text) {
		if (text.indexOf(',') < 0 && text.indexOf('\\') < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 4);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == ',' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	static String text(String cacheName, Object key) {
		if (key instanceof String text) {
			return escape(text);
		}
		if (key instanceof SimpleKey simple) {
			Object[] params = params(simple);
			StringBuilder joined = new StringBuilder();
			for (int i = 0; i < params.length; i++) {
				joined.append((i > 0) ? "," : "").append(part(cacheName, params[i]));
			}
			return joined.toString();
		}
		return part(cacheName, key);
	}

	private static String part(String cacheName, @Nullable Object key) {
		if (key == null) {
			return NULL;
		}
		String scalar = scalar(key);
		if (scalar != null) {
			return escape(scalar);
		}
		if (key instanceof Record record && hasStableComponents(record)) {
			return escape(record.toString());
		}
		throw new IllegalArgumentException("Cache '" + cacheName + "' cannot use a key of type "
				+ key.getClass().getName() + ": it has no stable text (a String, a number, a boolean, an enum, a UUID, "
				+ "a java.time value, or a record of such values); name a property of it as the key, "
				+ "such as key = \"#p.id\"");
	}

	private static @Nullable String scalar(Object key) {
		if (key instanceof String || key instanceof Integer || key instanceof Long || key instanceof Short
				|| key instanceof Byte || key instanceof BigInteger || key instanceof Double || key instanceof Float
				|| key instanceof Boolean || key instanceof Character || key instanceof UUID) {
			return key.toString();
		}
		if (key instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		if (key instanceof Enum<?> constant) {
			return constant.name();
		}
		if (key.getClass().getName().startsWith("java.time.")) {
			return key.toString();
		}
		return null;
	}

	private static boolean hasStableComponents(Record record) {
		for (RecordComponent component : record.getClass().getRecordComponents()) {
			ReflectionUtils.makeAccessible(component.getAccessor());
			Object value = ReflectionUtils.invokeMethod(component.getAccessor(), record);
			if (value != null && scalar(value) == null
					&& !(value instanceof Record nested && hasStableComponents(nested))) {
				return false;
			}
		}
		return true;
	}

	private static Object[] params(SimpleKey key) {
		if (key.equals(SimpleKey.EMPTY)) {
			return new Object[0];
		}
		Field field = SIMPLE_KEY_PARAMS;
		if (field == null) {
			throw new IllegalStateException("SimpleKey has no 'params' field in this version of Spring Framework");
		}
		return (Object[]) ReflectionUtils.getField(field, key);
	}

}
