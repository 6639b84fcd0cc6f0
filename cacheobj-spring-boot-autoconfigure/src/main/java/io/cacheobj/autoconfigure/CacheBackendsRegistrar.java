package io.cacheobj.autoconfigure;

import java.util.Map;
import java.util.Set;

import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.Assert;

/**
 * Registers each backend under {@code cacheobj.backends} as a bean under its name, or the
 * embedded {@value PropertiesCacheBackendSettings#EMBEDDED_BACKEND} backend when none is
 * configured. Each bean is created by the {@link CacheBackendFactory} of its type.
 */
class CacheBackendsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware, BeanFactoryAware {

	private static final String CREATOR = "io.cacheobj.autoconfigure.CacheBackendsRegistrar.BackendCreator";

	private static final Bindable<Map<String, CacheObjBackendProperties>> BACKENDS = Bindable.mapOf(String.class,
			CacheObjBackendProperties.class);

	private @Nullable Environment environment;

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		Set<String> names = configuredBackends(this.environment).keySet();
		if (names.isEmpty()) {
			if (!registry.containsBeanDefinition(PropertiesCacheBackendSettings.EMBEDDED_BACKEND)) {
				register(registry, PropertiesCacheBackendSettings.EMBEDDED_BACKEND);
			}
			return;
		}
		names.forEach((name) -> register(registry, name));
	}

	static Map<String, CacheObjBackendProperties> configuredBackends(@Nullable Environment environment) {
		return Binder.get(environment).bind(BackendProperty.BACKENDS, BACKENDS).orElse(Map.of());
	}

	private void register(BeanDefinitionRegistry registry, String name) {
		if (!registry.containsBeanDefinition(CREATOR)) {
			RootBeanDefinition creator = new RootBeanDefinition(BackendCreator.class);
			creator.setRole(RootBeanDefinition.ROLE_INFRASTRUCTURE);
			registry.registerBeanDefinition(CREATOR, creator);
		}
		// A factory method rather than an instance supplier, so that AOT can write the
		// definition as code.
		RootBeanDefinition definition = new RootBeanDefinition();
		definition.setTargetType(CacheBackend.class);
		definition.setFactoryBeanName(CREATOR);
		definition.setFactoryMethodName("create");
		definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
		definition.setDestroyMethodName(AbstractBeanDefinition.INFER_METHOD);
		registry.registerBeanDefinition(name, definition);
	}

	/**
	 * Creates each backend with the {@link CacheBackendFactory} of its type.
	 */
	static final class BackendCreator implements BeanFactoryAware {

		private @Nullable BeanFactory beanFactory;

		@Override
		public void setBeanFactory(BeanFactory beanFactory) {
			this.beanFactory = beanFactory;
		}

		CacheBackend create(String name) {
			Assert.state(this.beanFactory != null, "No bean factory");
			return createBackend(this.beanFactory, name);
		}

	}

	private static CacheBackend createBackend(BeanFactory beanFactory, String name) {
		BackendSettings settings = beanFactory.getBean(PropertiesCacheBackendSettings.class).get(name);
		Assert.state(settings != null, () -> "No settings for backend '" + name + "'");
		CacheBackendFactory factory = beanFactory.getBeanProvider(CacheBackendFactory.class)
			.orderedStream()
			.filter((candidate) -> candidate.type() == settings.type())
			.findFirst()
			.orElseThrow(() -> new MissingBackendClientException(name, settings.type()));
		return factory.create(settings);
	}

}
