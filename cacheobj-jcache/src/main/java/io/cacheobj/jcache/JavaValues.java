package io.cacheobj.jcache;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.cacheobj.CacheValueException;
import org.jspecify.annotations.Nullable;

/**
 * JDK serialization behind an allow-list: the JCache provider's value (and non-text key)
 * format. Reading bytes never resolves, let alone instantiates, a class outside the
 * allowed packages: the stream refuses to resolve a class name outside them, so it is
 * never loaded, and an {@link ObjectInputFilter} checks every class again (arrays by
 * their component type); dynamic proxies are refused.
 */
final class JavaValues {

	/**
	 * Packages every cache allows: the JDK's value types and Hibernate's cache entries.
	 */
	static final List<String> DEFAULT_PACKAGES = List.of("java.lang", "java.util", "java.time", "java.math",
			"org.hibernate.cache");

	/** Packages inside the defaults that are never allowed. */
	private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Integer.class, Long.class, Short.class,
			Byte.class, Character.class, Boolean.class, Double.class, Float.class, java.math.BigInteger.class,
			java.math.BigDecimal.class, java.util.UUID.class, java.time.Instant.class, java.time.LocalDate.class,
			java.time.LocalDateTime.class, java.time.LocalTime.class, java.time.OffsetDateTime.class,
			java.time.ZonedDateTime.class, java.time.Duration.class);

	private static final List<String> DENIED_PACKAGES = List.of("java.lang.invoke", "java.lang.reflect",
			"java.lang.ref", "java.lang.management", "java.util.logging", "java.util.prefs", "java.util.jar",
			"java.util.zip");

	private final List<String> allowed;

	private final ClassLoader classLoader;

	private final ObjectInputFilter filter;

	JavaValues(Collection<String> extraPackages, ClassLoader classLoader) {
		List<String> packages = new ArrayList<>(DEFAULT_PACKAGES);
		for (String extra : extraPackages) {
			String trimmed = extra.trim();
			if (!trimmed.isEmpty()) {
				packages.add(trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
			}
		}
		this.allowed = List.copyOf(packages);
		this.classLoader = classLoader;
		this.filter = this::check;
	}

	List<String> allowedPackages() {
		return this.allowed;
	}

	boolean isAllowed(Class<?> type) {
		Class<?> checked = type;
		while (checked.isArray()) {
			checked = checked.getComponentType();
		}
		if (checked.isPrimitive()) {
			return true;
		}
		return isAllowedName(checked.getName());
	}

	boolean isAllowedName(String className) {
		String name = className;
		int dims = 0;
		while (name.startsWith("[")) {
			name = name.substring(1);
			dims++;
		}
		if (dims > 0) {
			if (name.length() == 1) {
				return true;
			}
			if (name.startsWith("L") && name.endsWith(";")) {
				name = name.substring(1, name.length() - 1);
			}
		}
		if (name.equals("java.io.Serializable")) {
			// an interface: Hibernate's cache entries hold a Serializable[] (an array of
			// it
			// instantiates no class but the array; its elements are checked one by one)
			return true;
		}
		for (String denied : DENIED_PACKAGES) {
			if (inPackage(name, denied)) {
				return false;
			}
		}
		for (String allowedPackage : this.allowed) {
			if (inPackage(name, allowedPackage)) {
				return true;
			}
		}
		return false;
	}

	private static boolean inPackage(String className, String packageName) {
		return className.startsWith(packageName) && className.length() > packageName.length()
				&& className.charAt(packageName.length()) == '.';
	}

	private ObjectInputFilter.Status check(ObjectInputFilter.FilterInfo info) {
		Class<?> type = info.serialClass();
		if (type == null) {
			return (info.depth() > 64) ? ObjectInputFilter.Status.REJECTED : ObjectInputFilter.Status.UNDECIDED;
		}
		return isAllowed(type) ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
	}

	/**
	 * Whether a value is of a JDK type whose instances cannot change, so that readers may
	 * share one.
	 */
	static boolean isImmutable(Object value) {
		return IMMUTABLE.contains(value.getClass());
	}

	/** Java serialization's stream header and the tag of a string, before its length. */
	private static final byte[] STRING_STREAM = { (byte) 0xAC, (byte) 0xED, 0, 5, 0x74 };

	byte[] write(Object value) {
		if (value instanceof String text && isShortAscii(text)) {
			// What ObjectOutputStream writes for it, without building one.
			byte[] bytes = new byte[STRING_STREAM.length + 2 + text.length()];
			System.arraycopy(STRING_STREAM, 0, bytes, 0, STRING_STREAM.length);
			bytes[STRING_STREAM.length] = (byte) (text.length() >>> 8);
			bytes[STRING_STREAM.length + 1] = (byte) text.length();
			for (int i = 0; i < text.length(); i++) {
				bytes[STRING_STREAM.length + 2 + i] = (byte) text.charAt(i);
			}
			return bytes;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		catch (IOException ex) {
			throw new CacheValueException("Cannot serialize a " + value.getClass().getName()
					+ " for a JCache cache (keys and values must be java.io.Serializable)", ex);
		}
		return bytes.toByteArray();
	}

	/** Whether a string is of characters 1 to 127 and under 65,536 of them. */
	private static boolean isShortAscii(String text) {
		if (text.length() > 0xFFFF) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == 0 || c > 0x7F) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The string that Java serialization's bytes hold, when they hold nothing but a short
	 * ASCII string, else {@code null}.
	 */
	private static @Nullable String readShortAscii(byte[] bytes, int offset) {
		int body = offset + STRING_STREAM.length + 2;
		if (bytes.length < body || !Arrays.equals(bytes, offset, offset + STRING_STREAM.length, STRING_STREAM, 0,
				STRING_STREAM.length)) {
			return null;
		}
		int length = ((bytes[body - 2] & 0xFF) << 8) | (bytes[body - 1] & 0xFF);
		if (bytes.length != body + length) {
			return null;
		}
		for (int i = body; i < bytes.length; i++) {
			if (bytes[i] <= 0) {
				return null;
			}
		}
		return new String(bytes, body, length, StandardCharsets.ISO_8859_1);
	}

	Object read(byte[] bytes, int offset, String key) {
		String text = readShortAscii(bytes, offset);
		if (text != null) {
			return text;
		}
		try (ObjectInputStream in = new FilteredInput(new ByteArrayInputStream(bytes, offset, bytes.length - offset),
				this.classLoader, this.filter, this)) {
			return in.readObject();
		}
		catch (IOException | ClassNotFoundException | RuntimeException ex) {
			throw new CacheValueException("Cannot read the value under '" + key
					+ "': not a JCache value of an allowed type (allowed packages " + this.allowed
					+ "; more with the 'io.cacheobj.jcache.allowed-packages' setting)", ex);
		}
	}

	/** The allowed classes resolved so far, by name: a read looks each up once. */
	private final Map<String, Class<?>> resolved = new ConcurrentHashMap<>();

	private static final int MAX_RESOLVED = 10_000;

	private static final class FilteredInput extends ObjectInputStream {

		private final ClassLoader classLoader;

		private final JavaValues values;

		FilteredInput(InputStream in, ClassLoader classLoader, ObjectInputFilter filter, JavaValues values)
				throws IOException {
			super(in);
			this.classLoader = classLoader;
			this.values = values;
			setObjectInputFilter(filter);
		}

		@Override
		protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
			throw new InvalidClassException("proxy", "dynamic proxies are never read from a JCache value");
		}

		@Override
		protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
			Class<?> known = this.values.resolved.get(desc.getName());
			if (known != null) {
				return known;
			}
			if (!this.values.isAllowedName(desc.getName())) {
				throw new InvalidClassException(desc.getName(), "not in the JCache values' allowed packages");
			}
			Class<?> type;
			try {
				type = Class.forName(desc.getName(), false, this.classLoader);
			}
			catch (ClassNotFoundException ex) {
				type = super.resolveClass(desc);
			}
			if (this.values.resolved.size() < MAX_RESOLVED) {
				this.values.resolved.put(desc.getName(), type);
			}
			return type;
		}

	}

}
