package io.cacheobj;

/**
 * Thrown when a {@link CacheEntity} or a bean's {@link CachedProperty} field cannot be
 * bound: an unknown backend, an unsupported field type, an unparsable time to live. At
 * start-up it stops the application with a report of what is wrong and what to do.
 *
 * @since 0.1.0
 */
public class CacheEntityDefinitionException extends CacheObjException {

	private static final long serialVersionUID = 1L;

	private final String action;

	/**
	 * Create an exception.
	 * @param message what is wrong and where: the class, the field and the bad value
	 * @param action what to change to fix it
	 */
	public CacheEntityDefinitionException(String message, String action) {
		super(message);
		this.action = action;
	}

	/**
	 * Return what to change to fix the definition.
	 * @return the action, one or more sentences
	 */
	public String getAction() {
		return this.action;
	}

}
