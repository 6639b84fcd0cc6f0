package io.cacheobj.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@code cacheobj.*} setting is invalid, carrying the property
 * and its value.
 */
class InvalidCacheObjPropertyException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final @Nullable String value;

	private final String action;

	InvalidCacheObjPropertyException(String property, @Nullable String value, String problem, String action) {
		this(property, value, problem, action, null);
	}

	InvalidCacheObjPropertyException(String property, @Nullable String value, String problem, String action,
			@Nullable Throwable cause) {
		super("Property '" + property + "'" + ((value != null) ? " with value '" + value + "'" : "") + " " + problem,
				cause);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	String getProperty() {
		return this.property;
	}

	@Nullable String getValue() {
		return this.value;
	}

	String getAction() {
		return this.action;
	}

}
