package io.cacheobj.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.annotation.AnnotationAttributes;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The packages named by {@link CacheEntityScan} annotations, held as a bean.
 */
final class CacheEntityScanPackages {

	private static final String BEAN = CacheEntityScanPackages.class.getName();

	private final List<String> packageNames;

	CacheEntityScanPackages(List<String> packageNames) {
		this.packageNames = List.copyOf(packageNames);
	}

	/**
	 * Return the packages the application named with {@link CacheEntityScan}.
	 * @param beanFactory the bean factory
	 * @return the packages, empty when none was named
	 */
	static List<String> get(BeanFactory beanFactory) {
		if (beanFactory.containsBean(BEAN)) {
			return beanFactory.getBean(BEAN, CacheEntityScanPackages.class).packageNames;
		}
		return List.of();
	}

	/**
	 * Adds the packages of a {@link CacheEntityScan} annotation to the bean.
	 */
	static final class Registrar implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			Set<String> packages = new LinkedHashSet<>(packagesOf(metadata));
			if (registry.containsBeanDefinition(BEAN)) {
				RootBeanDefinition existing = (RootBeanDefinition) registry.getBeanDefinition(BEAN);
				@SuppressWarnings("unchecked")
				List<String> previous = (List<String>) existing.getConstructorArgumentValues()
					.getIndexedArgumentValue(0, List.class)
					.getValue();
				packages.addAll(previous);
				registry.removeBeanDefinition(BEAN);
			}
			RootBeanDefinition definition = new RootBeanDefinition(CacheEntityScanPackages.class);
			definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new ArrayList<>(packages));
			registry.registerBeanDefinition(BEAN, definition);
		}

		private static Set<String> packagesOf(AnnotationMetadata metadata) {
			AnnotationAttributes attributes = AnnotationAttributes
				.fromMap(metadata.getAnnotationAttributes(CacheEntityScan.class.getName()));
			Set<String> packages = new LinkedHashSet<>(List.of(attributes.getStringArray("basePackages")));
			for (Class<?> type : attributes.getClassArray("basePackageClasses")) {
				packages.add(type.getPackageName());
			}
			if (packages.isEmpty()) {
				packages.add(ClassUtils.getPackageName(metadata.getClassName()));
			}
			return packages;
		}

	}

}
