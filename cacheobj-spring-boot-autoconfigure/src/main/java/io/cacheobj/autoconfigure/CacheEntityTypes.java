package io.cacheobj.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * The names of the {@code @CacheEntity} classes in the application's packages, found
 * once, when bean definitions are registered. In AOT mode the registered definition is
 * generated code holding the names found at build time, so no classpath scan runs at
 * start-up (a native image cannot scan).
 */
final class CacheEntityTypes {

	static final String BEAN = CacheEntityTypes.class.getName();

	private final List<String> classNames;

	CacheEntityTypes(List<String> classNames) {
		this.classNames = List.copyOf(classNames);
	}

	List<String> classNames() {
		return this.classNames;
	}

	List<Class<?>> load(@Nullable ClassLoader classLoader) {
		List<Class<?>> types = new ArrayList<>();
		for (String className : this.classNames) {
			types.add(ClassUtils.resolveClassName(className, classLoader));
		}
		return types;
	}

	/**
	 * Scans the packages of {@link CacheEntityScan}, or else the auto-configuration
	 * packages, and registers the names found.
	 */
	static final class Registrar implements ImportBeanDefinitionRegistrar, BeanFactoryAware {

		private @Nullable ConfigurableListableBeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			if (this.beanFactory == null || registry.containsBeanDefinition(BEAN)) {
				return;
			}
			Set<String> names = new LinkedHashSet<>();
			for (Class<?> type : EntityScanner.scan(packages(this.beanFactory),
					this.beanFactory.getBeanClassLoader())) {
				names.add(type.getName());
			}
			RootBeanDefinition definition = new RootBeanDefinition(CacheEntityTypes.class);
			definition.getConstructorArgumentValues().addIndexedArgumentValue(0, new ArrayList<>(names));
			definition.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(BEAN, definition);
		}

		private static List<String> packages(BeanFactory beanFactory) {
			List<String> packages = new ArrayList<>(CacheEntityScanPackages.get(beanFactory));
			if (packages.isEmpty() && AutoConfigurationPackages.has(beanFactory)) {
				packages.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			return packages;
		}

	}

}
