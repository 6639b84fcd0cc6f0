package io.cacheobj.autoconfigure;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.cacheobj.CacheEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link CacheEntity} types in packages, so that they are checked at start-up.
 */
final class EntityScanner {

	private EntityScanner() {
	}

	static Set<Class<?>> scan(Collection<String> packages, @Nullable ClassLoader classLoader) {
		ClassPathScanningCandidateComponentProvider provider = new ClassPathScanningCandidateComponentProvider(false);
		provider.setResourceLoader(new DefaultResourceLoader(classLoader));
		provider.addIncludeFilter(new AnnotationTypeFilter(CacheEntity.class));
		Set<Class<?>> types = new LinkedHashSet<>();
		for (String basePackage : packages) {
			for (BeanDefinition candidate : provider.findCandidateComponents(basePackage)) {
				types.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
			}
		}
		return types;
	}

}
