package io.cacheobj.binding;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Numbers, booleans and enums as the plain text that Redis {@code INCRBY}, memcached
 * {@code incr} and Python's {@code int()} and {@code float()} read.
 *
 * @param <T> the scalar type
 */
final class ScalarCodec<T> extends AbstractValueCodec<T> {

	private final Function<T, String> formatter;

	private final Function<String, T> parser;

	private ScalarCodec(Class<T> type, int flags, Function<T, String> formatter, Function<String, T> parser) {
		super(type, flags, true);
		this.formatter = formatter;
		this.parser = parser;
	}

	@Override
	byte[] encode(T value) {
		return this.formatter.apply(value).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	T decode(byte[] bytes) {
		return this.parser.apply(TextCodec.decodeStrictly(bytes));
	}

	static @Nullable ScalarCodec<?> forType(Class<?> type) {
		if (type == Long.class) {
			return integral(Long.class, Long::valueOf);
		}
		if (type == Integer.class) {
			return integral(Integer.class, Integer::valueOf);
		}
		if (type == Short.class) {
			return integral(Short.class, Short::valueOf);
		}
		if (type == Byte.class) {
			return integral(Byte.class, Byte::valueOf);
		}
		if (type == BigInteger.class) {
			return integral(BigInteger.class, BigInteger::new);
		}
		if (type == Double.class) {
			return text(Double.class, Double::valueOf);
		}
		if (type == Float.class) {
			return text(Float.class, Float::valueOf);
		}
		if (type == BigDecimal.class) {
			return text(BigDecimal.class, BigDecimal::new);
		}
		if (type == Boolean.class) {
			return text(Boolean.class, ScalarCodec::parseBoolean);
		}
		if (type.isEnum()) {
			return enumeration(type.asSubclass(Enum.class));
		}
		return null;
	}

	private static <T> ScalarCodec<T> integral(Class<T> type, Function<String, T> parser) {
		return new ScalarCodec<>(type, PythonFlags.INTEGER, String::valueOf, parser);
	}

	private static <T> ScalarCodec<T> text(Class<T> type, Function<String, T> parser) {
		return new ScalarCodec<>(type, PythonFlags.TEXT, String::valueOf, parser);
	}

	private static <E extends Enum<E>> ScalarCodec<E> enumeration(Class<E> type) {
		return new ScalarCodec<>(type, PythonFlags.TEXT, Enum::name, (name) -> {
			try {
				return Enum.valueOf(type, name);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("'" + name + "' is not a constant of " + type.getSimpleName(), ex);
			}
		});
	}

	private static Boolean parseBoolean(String text) {
		// python-memcached stores a Python bool as the integer 1 or 0.
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "true", "1" -> Boolean.TRUE;
			case "false", "0" -> Boolean.FALSE;
			default -> throw new IllegalArgumentException("it is neither 'true' nor 'false'");
		};
	}

}
