package io.cacheobj.autoconfigure.jcache;

import io.cacheobj.autoconfigure.InvalidCacheObjSettingException;

/**
 * A {@code cacheobj.jcache.*} setting that cannot work, with the property, its value and
 * what to do.
 */
class InvalidCacheObjJCacheException extends InvalidCacheObjSettingException {

	private static final long serialVersionUID = 1L;

	InvalidCacheObjJCacheException(String property, String value, String problem, String action) {
		super(property, value, problem, action);
	}

}
