package io.cacheobj.autoconfigure.cache;

import io.cacheobj.autoconfigure.InvalidCacheObjSettingException;

/**
 * A {@code cacheobj.spring-cache.*} setting that cannot work, with the property, its
 * value and what to do.
 */
class InvalidCacheObjCacheException extends InvalidCacheObjSettingException {

	private static final long serialVersionUID = 1L;

	InvalidCacheObjCacheException(String property, String value, String problem, String action) {
		super(property, value, problem, action);
	}

}
