package io.cacheobj.test.autoconfigure;

import java.util.Set;

import org.springframework.boot.test.context.filter.annotation.StandardAnnotationCustomizableTypeExcludeFilter;
import org.springframework.cache.annotation.EnableCaching;

/**
 * Leaves every bean of the application out of a {@link CacheObjTest} context, but the
 * configuration classes that enable Spring's caching.
 */
final class CacheObjTypeExcludeFilter extends StandardAnnotationCustomizableTypeExcludeFilter<CacheObjTest> {

	private static final Set<Class<?>> KNOWN_INCLUDES = Set.of(EnableCaching.class);

	CacheObjTypeExcludeFilter(Class<?> testClass) {
		super(testClass);
	}

	@Override
	protected Set<Class<?>> getKnownIncludes() {
		return KNOWN_INCLUDES;
	}

}
