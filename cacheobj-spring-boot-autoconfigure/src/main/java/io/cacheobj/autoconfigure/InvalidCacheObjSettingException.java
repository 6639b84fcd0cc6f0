package io.cacheobj.autoconfigure;

/**
 * A setting of one of cacheobj's front-ends ({@code cacheobj.spring-cache.*},
 * {@code cacheobj.jcache.*}) that cannot work, with the property, its value and what to
 * do; each front-end's failure analyzer reports its own.
 *
 * @since 0.1.0
 */
public abstract class InvalidCacheObjSettingException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String property;

	private final String value;

	private final String action;

	protected InvalidCacheObjSettingException(String property, String value, String problem, String action) {
		super("'" + value + "' of " + property + " " + problem);
		this.property = property;
		this.value = value;
		this.action = action;
	}

	/**
	 * Return the property.
	 * @return the property's name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * Return the value that cannot work.
	 * @return the value
	 */
	public String getValue() {
		return this.value;
	}

	/**
	 * Return what to do.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
