package io.cacheobj.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the configuration reference, {@code docs/configuration.md}, documents
 * exactly the keys that {@link CacheObjProperties} binds, with the defaults that its
 * field initialisers set.
 */
class ConfigurationReferenceTests {

	private static final Path REFERENCE = Path.of("..", "docs", "configuration.md");

	private static final String PREFIX = "cacheobj";

	/**
	 * A table row whose first cell is one key in backticks; the groups are the key and
	 * the rest of the row.
	 */
	private static final Pattern ROW = Pattern.compile("^\\|\\s*`(" + PREFIX + "\\.[^`]+)`\\s*\\|(.*)$");

	private static final Pattern CODE = Pattern.compile("`([^`]*)`");

	private final Map<String, List<String>> documented = readReference();

	@Test
	void everyDocumentedKeyIsBound() {
		Set<String> unbound = new TreeSet<>(this.documented.keySet());
		unbound.removeAll(boundKeys().keySet());
		assertThat(unbound).as("keys documented in %s that CacheObjProperties does not bind", REFERENCE).isEmpty();
	}

	@Test
	void everyBoundKeyIsDocumented() {
		Set<String> undocumented = new TreeSet<>(boundKeys().keySet());
		undocumented.removeAll(this.documented.keySet());
		assertThat(undocumented).as("keys CacheObjProperties binds that %s does not document", REFERENCE).isEmpty();
	}

	@Test
	void everyKeyIsDocumentedOnce() {
		List<String> keys = new ArrayList<>();
		for (String line : lines()) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				keys.add(normalize(row.group(1)));
			}
		}
		assertThat(keys).as("keys documented in more than one row of %s", REFERENCE).doesNotHaveDuplicates();
	}

	@Test
	void documentedDefaultsAreTheFieldInitialisers() {
		List<String> wrong = new ArrayList<>();
		boundKeys().forEach((key, initial) -> {
			List<String> cells = this.documented.get(key);
			if (initial != null && cells != null) {
				String expected = format(initial);
				String documentedDefault = firstCode(cells.get(1));
				if (!expected.equals(documentedDefault)) {
					wrong.add(key + ": documented " + documentedDefault + ", initialised to " + expected);
				}
			}
		});
		assertThat(wrong).as("defaults in %s that differ from CacheObjProperties", REFERENCE).isEmpty();
	}

	@Test
	void everyRowHasATypeADefaultAndAMeaning() {
		List<String> incomplete = new ArrayList<>();
		this.documented.forEach((key, cells) -> {
			if (cells.size() != 3 || cells.stream().anyMatch(String::isBlank)) {
				incomplete.add(key);
			}
		});
		assertThat(incomplete).as("rows of %s without type, default and meaning", REFERENCE).isEmpty();
	}

	/**
	 * Return the keys documented in the reference's tables, in the form
	 * {@code cacheobj.backends.<name>.near-cache.lease}, with the cells that follow the
	 * key: type, default, meaning.
	 */
	private static Map<String, List<String>> readReference() {
		Map<String, List<String>> keys = new LinkedHashMap<>();
		for (String line : lines()) {
			Matcher row = ROW.matcher(line);
			if (row.matches()) {
				List<String> cells = new ArrayList<>();
				for (String cell : row.group(2).split("(?<!\\\\)\\|", -1)) {
					cells.add(cell.trim());
				}
				if (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
					cells.remove(cells.size() - 1);
				}
				keys.put(normalize(row.group(1)), cells);
			}
		}
		assertThat(keys).as("keys documented in %s", REFERENCE).isNotEmpty();
		return keys;
	}

	private static List<String> lines() {
		assertThat(REFERENCE).as("the configuration reference, relative to %s", Path.of("").toAbsolutePath())
			.isRegularFile();
		try {
			return Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + REFERENCE.toAbsolutePath(), ex);
		}
	}

	private static String normalize(String key) {
		return key.replaceAll("<[^>]*>", "<name>");
	}

	private static String firstCode(String cell) {
		Matcher code = CODE.matcher(cell);
		return code.find() ? code.group(1) : cell;
	}

	/**
	 * Return every key that {@link CacheObjProperties} binds, with its field initialiser
	 * ({@code null} when it has none, or starts empty).
	 */
	private static Map<String, @Nullable Object> boundKeys() {
		Map<String, @Nullable Object> keys = new LinkedHashMap<>();
		walk(PREFIX, CacheObjProperties.class, new CacheObjProperties(), keys);
		return keys;
	}

	private static void walk(String prefix, Class<?> type, Object instance, Map<String, @Nullable Object> keys) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			Method getter = descriptor.getReadMethod();
			if (getter == null || getter.getDeclaringClass() == Object.class) {
				continue;
			}
			String key = prefix + "." + kebabCase(descriptor.getName());
			ResolvableType propertyType = ResolvableType.forMethodReturnType(getter);
			Object value = invoke(getter, instance);
			if (isLeaf(propertyType)) {
				assertThat(descriptor.getWriteMethod()).as("setter of %s", key).isNotNull();
				keys.put(key, initial(value));
			}
			else if (Map.class.isAssignableFrom(propertyType.toClass())) {
				Class<?> valueType = propertyType.asMap().getGeneric(1).toClass();
				walk(key + ".<name>", valueType, BeanUtils.instantiateClass(valueType), keys);
			}
			else {
				// A nested group is one of cacheobj's properties types
				// (CacheObjProperties,
				// CacheObjBackendProperties, ...) or a type nested in one.
				assertThat(propertyType.toClass().getName()).as("type of %s", key)
					.matches(Pattern.quote(CacheObjProperties.class.getPackageName())
							+ "\\.CacheObj\\w*Properties(\\$.*)?");
				assertThat(value).as("nested group %s", key).isNotNull();
				walk(key, propertyType.toClass(), value, keys);
			}
		}
	}

	private static boolean isLeaf(ResolvableType type) {
		Class<?> resolved = type.toClass();
		if (resolved.isArray()) {
			return isSimple(resolved.getComponentType());
		}
		if (Collection.class.isAssignableFrom(resolved)) {
			return isSimple(type.asCollection().getGeneric(0).toClass());
		}
		if (Map.class.isAssignableFrom(resolved)) {
			return isSimple(type.asMap().getGeneric(1).toClass());
		}
		return isSimple(resolved);
	}

	private static boolean isSimple(Class<?> type) {
		return BeanUtils.isSimpleValueType(type) || type == Duration.class || type == DataSize.class;
	}

	private static @Nullable Object initial(@Nullable Object value) {
		if (value instanceof Collection<?> collection && collection.isEmpty()) {
			return null;
		}
		if (value instanceof Map<?, ?> map && map.isEmpty()) {
			return null;
		}
		return value;
	}

	private static Object invoke(Method getter, Object instance) {
		try {
			return getter.invoke(instance);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot call " + getter, ex);
		}
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	/**
	 * Format a default as the reference writes it: durations with one unit ({@code 5s}),
	 * enums in lower case ({@code throw}), whole numbers without a fraction, and the
	 * empty string as {@code ""}.
	 */
	private static String format(Object value) {
		if (value instanceof Duration duration) {
			return formatDuration(duration);
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		if ((value instanceof Float || value instanceof Double) && ((Number) value).doubleValue() % 1 == 0) {
			return String.valueOf(((Number) value).longValue());
		}
		if ("".equals(value)) {
			return "\"\"";
		}
		return String.valueOf(value);
	}

	private static String formatDuration(Duration duration) {
		long millis = duration.toMillis();
		long[] sizes = { 86_400_000, 3_600_000, 60_000, 1_000 };
		String[] units = { "d", "h", "m", "s" };
		for (int i = 0; i < sizes.length; i++) {
			if (millis != 0 && millis % sizes[i] == 0) {
				return (millis / sizes[i]) + units[i];
			}
		}
		return millis + "ms";
	}

}
