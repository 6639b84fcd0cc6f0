package io.cacheobj.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.cacheobj.CacheEntity;
import io.cacheobj.CachedProperty;
import io.cacheobj.binding.CacheObjBinding;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Binds the {@link CachedProperty} fields of every bean before it is initialized, keyed
 * by the bean's user class.
 */
final class CachedPropertyBeanPostProcessor implements BeanPostProcessor {

	private final Supplier<CacheObjBinding> binding;

	private final Map<Class<?>, Boolean> typesWithProperties = new ConcurrentHashMap<>();

	/**
	 * Create the post-processor.
	 * @param binding supplies the binding when the first bean with such fields appears
	 */
	CachedPropertyBeanPostProcessor(Supplier<CacheObjBinding> binding) {
		this.binding = binding;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		Class<?> type = ClassUtils.getUserClass(bean);
		if (this.typesWithProperties.computeIfAbsent(type, CachedPropertyBeanPostProcessor::hasProperties)) {
			this.binding.get().bindFields(bean, type);
		}
		return bean;
	}

	/**
	 * Tell whether a class has {@link CachedProperty} fields that this post-processor
	 * binds, the entity types aside.
	 * @param type a bean class
	 * @return whether it has such fields and is no {@link CacheEntity}
	 */
	static boolean hasProperties(Class<?> type) {
		if (type.isAnnotationPresent(CacheEntity.class)) {
			return false;
		}
		boolean[] found = { false };
		ReflectionUtils.doWithFields(type, (field) -> found[0] = true,
				(field) -> field.isAnnotationPresent(CachedProperty.class));
		return found[0];
	}

}
