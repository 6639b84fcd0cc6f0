package io.cacheobj.autoconfigure.jcache;

/**
 * A {@code cacheobj.jcache.*} setting that cannot work, with the property, its value and
 * what to do.
 */
class InvalidCacheObjJCacheException extends RuntimeException {

	private final String property;

	private final String value;

	private final String action;

	InvalidCacheObjJCacheException(String property, String value, String problem, String action) {
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
