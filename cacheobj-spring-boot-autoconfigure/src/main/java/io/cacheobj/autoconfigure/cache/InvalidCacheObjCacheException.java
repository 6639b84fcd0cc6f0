package io.cacheobj.autoconfigure.cache;

/**
 * A {@code cacheobj.spring-cache.*} setting that cannot work, with the property, its
 * value and what to do.
 */
class InvalidCacheObjCacheException extends RuntimeException {

	private final String property;

	private final String value;

	private final String action;

	InvalidCacheObjCacheException(String property, String value, String problem, String action) {
		super("'" + value + "' of " + property + " " + problem);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	String getProperty() {
		return this.property;
	}

	String getValue() {
		return this.value;
	}

	String getAction() {
		return this.action;
	}

}
