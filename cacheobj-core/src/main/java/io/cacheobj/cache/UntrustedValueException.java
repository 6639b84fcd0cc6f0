package io.cacheobj.cache;

import io.cacheobj.CacheValueException;

/**
 * Thrown when a cache is asked to store a value that it would refuse to read back,
 * because the value's type, or a nested value's, is not trusted. Nothing is stored.
 */
final class UntrustedValueException extends CacheValueException {

	static final String SETTING = "cacheobj.spring-cache.trusted-packages";

	private static final long serialVersionUID = 1L;

	UntrustedValueException(String cacheName, String valueType, String untrustedType) {
		super("Cache '" + cacheName + "' cannot store a value of type " + valueType + ": "
				+ (valueType.equals(untrustedType) ? "its type"
						: "it holds a value of type " + untrustedType + ", which")
				+ " is not trusted, so the value would never be read back; add " + packageOf(untrustedType) + " to "
				+ SETTING + " (or CacheObjCacheManager.Builder.trustedPackages) to trust it");
	}

	private static String packageOf(String className) {
		int dot = className.lastIndexOf('.');
		return (dot > 0) ? "package " + className.substring(0, dot) : "the type's package";
	}

}
