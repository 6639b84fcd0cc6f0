package io.cacheobj.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.generate.GenerationContext;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.aot.BeanFactoryInitializationCode;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues.ValueHolder;
import org.springframework.beans.factory.support.RegisteredBean;

/**
 * AOT processors of cacheobj, registered in {@code META-INF/spring/aot.factories}: they
 * contribute the reflection hints the binding needs in a native image.
 */
final class CacheObjAotProcessors {

	private CacheObjAotProcessors() {
	}

	/**
	 * Registers hints for the {@code @CacheEntity} classes found at build time: the
	 * {@link CacheEntityTypes} definition, whose names AOT writes into generated code.
	 */
	static final class EntityTypes implements BeanFactoryInitializationAotProcessor {

		@Override
		public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
				ConfigurableListableBeanFactory beanFactory) {
			if (!beanFactory.containsBeanDefinition(CacheEntityTypes.BEAN)) {
				return null;
			}
			ValueHolder names = beanFactory.getBeanDefinition(CacheEntityTypes.BEAN)
				.getConstructorArgumentValues()
				.getIndexedArgumentValue(0, List.class);
			if (names == null || !(names.getValue() instanceof List<?> list) || list.isEmpty()) {
				return null;
			}
			List<String> classNames = list.stream().map(String::valueOf).toList();
			List<Class<?>> types = new CacheEntityTypes(classNames).load(beanFactory.getBeanClassLoader());
			return (GenerationContext generationContext, BeanFactoryInitializationCode code) -> {
				RuntimeHints hints = generationContext.getRuntimeHints();
				types.forEach((type) -> BindingHints.register(hints, type));
			};
		}

	}

	/**
	 * Registers hints for beans whose {@code @CachedProperty} fields the bean
	 * post-processor binds.
	 */
	static final class BeanProperties implements BeanRegistrationAotProcessor {

		@Override
		public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
			Class<?> type = registeredBean.getBeanClass();
			if (!CachedPropertyBeanPostProcessor.hasProperties(type)) {
				return null;
			}
			return (generationContext, code) -> BindingHints.register(generationContext.getRuntimeHints(), type);
		}

	}

}
