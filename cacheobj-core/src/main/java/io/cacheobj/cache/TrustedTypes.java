package io.cacheobj.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * The types a cache instantiates when it reads a value, judged by class name before any
 * class is loaded: the JDK's boxed types and strings, {@code java.math},
 * {@code java.time} and the types directly in {@code java.util} (collections,
 * {@code UUID}), and the application's and the listed packages.
 */
final class TrustedTypes {

	private static final Set<String> JAVA_LANG = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.lang.Number", "java.lang.Object");

	private final List<String> packages;

	TrustedTypes(Collection<String> packages) {
		List<String> prefixes = new ArrayList<>();
		for (String name : packages) {
			String trimmed = name.trim();
			if (!trimmed.isEmpty()) {
				prefixes.add(trimmed.endsWith(".") ? trimmed : trimmed + ".");
			}
		}
		this.packages = List.copyOf(prefixes);
	}

	boolean isTrusted(String className) {
		if (className.startsWith("[")) {
			return isTrustedArray(className);
		}
		if (JAVA_LANG.contains(className) || className.startsWith("java.math.") || className.startsWith("java.time.")) {
			return true;
		}
		if (className.startsWith("java.util.")) {
			return className.indexOf('.', "java.util.".length()) < 0;
		}
		for (String prefix : this.packages) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private boolean isTrustedArray(String className) {
		String element = className.substring(1);
		if (element.startsWith("[")) {
			return isTrustedArray(element);
		}
		if (element.length() == 1) {
			return "ZBCSIJFD".contains(element);
		}
		return element.startsWith("L") && element.endsWith(";")
				&& isTrusted(element.substring(1, element.length() - 1));
	}

	/**
	 * Return a validator that lets Jackson resolve a nested value's type id only when
	 * this rule trusts it, before the class is loaded.
	 */
	PolymorphicTypeValidator validator() {
		return new Validator(this);
	}

	@Override
	public String toString() {
		return "TrustedTypes" + this.packages;
	}

	private static final class Validator extends PolymorphicTypeValidator.Base {

		private final transient TrustedTypes trusted;

		Validator(TrustedTypes trusted) {
			this.trusted = trusted;
		}

		@Override
		public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
			return this.trusted.isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
		}

		@Override
		public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
			return this.trusted.isTrusted(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
		}

	}

}
