package io.cacheobj.autoconfigure.cache;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.autoconfigure.CacheObjProperties.SpringCache;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheObjCacheManager;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.util.ReflectionUtils;

/**
 * Auto-configuration of a {@link CacheObjCacheManager} when the application enables
 * caching ({@code @EnableCaching}), declares no {@link CacheManager} of its own and does
 * not set {@code spring.cache.type} (with it set, Boot's cache auto-configuration does
 * what it says, {@code none} included), from {@code cacheobj.spring-cache.*};
 * {@code cacheobj.spring-cache.enabled=false} turns it off.
 * {@code CacheManagerCustomizer} beans of the manager's type are applied in order. With
 * Boot's cache metrics on the classpath, its caches' meters too. At start-up, the return
 * types of the application's {@code @Cacheable} and {@code @CachePut} methods are checked
 * against the trusted packages, and every cache's backend must have the atomic operations
 * its loads need.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CacheObjAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ CacheManager.class, JsonMapper.class })
@ConditionalOnBean({ CacheAspectSupport.class, CacheObjBinding.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@ConditionalOnBooleanProperty(name = "cacheobj.spring-cache.enabled", matchIfMissing = true)
@Conditional(NoSpringCacheTypeCondition.class)
@Import({ CacheObjCacheAutoConfiguration.MetricsConfiguration.class,
		CacheObjCacheAutoConfiguration.CustomizersConfiguration.class })
@ImportRuntimeHints(CacheObjCacheAutoConfiguration.CacheKeyHints.class)
public final class CacheObjCacheAutoConfiguration {

	private static final String PREFIX = "cacheobj.spring-cache";

	@Bean
	CacheObjCacheManager cacheManager(CacheObjBinding cacheObjBinding, CacheObjProperties properties,
			Map<String, CacheBackend> backends, ObjectProvider<JsonMapper> jsonMapper, BeanFactory beanFactory) {
		SpringCache springCache = properties.getSpringCache();
		Map<String, CacheBackend> known = cacheObjBinding.backends();
		String defaultBackend = springCache.getDefaultBackend();
		if (defaultBackend != null && !known.containsKey(defaultBackend)) {
			throw new InvalidCacheObjCacheException(PREFIX + ".default-backend", defaultBackend,
					"names no backend; the backends are " + known.keySet(),
					"Set " + PREFIX + ".default-backend to one of " + known.keySet() + ".");
		}
		CacheObjCacheManager.Builder builder = CacheObjCacheManager.builder(cacheObjBinding)
			.defaultBackend(defaultBackend)
			.defaultTtl(springCache.getDefaultTtl())
			.dynamic(springCache.isDynamic())
			.trustedPackages(trustedPackages(springCache, beanFactory));
		springCache.getCaches().forEach((name, cache) -> {
			String property = PREFIX + ".caches." + name;
			if (cache.getBackend() != null && !known.containsKey(cache.getBackend())) {
				throw new InvalidCacheObjCacheException(property + ".backend", cache.getBackend(),
						"names no backend; the backends are " + known.keySet(),
						"Set " + property + ".backend to one of " + known.keySet() + ".");
			}
			try {
				builder.cache(name, cache.getBackend(), cache.getTtl(), cache.isAllowNullValues());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidCacheObjCacheException(property, name, "is no valid cache: " + ex.getMessage(),
						"Rename the cache in " + property + " and in its @Cacheable annotations.");
			}
		});
		backends.forEach((name, backend) -> {
			if (!BackendOperations.implemented(backend, BackendOperations.DELETE_BY_PREFIX)) {
				builder.namespaceVersioned(name);
			}
		});
		checkAtomicOperations(springCache, cacheObjBinding, backends);
		jsonMapper.ifAvailable(builder::jsonMapper);
		if (beanFactory instanceof ConfigurableBeanFactory configurable) {
			builder.classLoader(configurable.getBeanClassLoader());
		}
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCacheObjCacheException(PREFIX + ".caches",
					String.valueOf(springCache.getCaches().keySet()), ex.getMessage(),
					"Rename the cache in " + PREFIX + ".caches and in its @Cacheable annotations.");
		}
	}

	/**
	 * Refuse a cache on a backend that cannot write a key only where it is absent (or
	 * still holds the bytes read): a load through such a backend could only overwrite,
	 * and JVMs loading one key at once would not agree on its value.
	 */
	private static void checkAtomicOperations(SpringCache springCache, CacheObjBinding binding,
			Map<String, CacheBackend> backends) {
		String defaultBackend = (springCache.getDefaultBackend() != null) ? springCache.getDefaultBackend()
				: binding.defaultBackend();
		if (springCache.isDynamic() && defaultBackend != null) {
			checkAtomicOperations(PREFIX + ".default-backend", "the caches created on first use need", defaultBackend,
					backends.get(defaultBackend));
		}
		springCache.getCaches().forEach((name, cache) -> {
			String backendName = (cache.getBackend() != null) ? cache.getBackend() : defaultBackend;
			if (backendName != null) {
				checkAtomicOperations(PREFIX + ".caches." + name + ".backend", "cache '" + name + "' needs",
						backendName, backends.get(backendName));
			}
		});
	}

	private static void checkAtomicOperations(String property, String caches, String backendName,
			@Nullable CacheBackend backend) {
		if (backend == null) {
			return;
		}
		List<String> missing = new ArrayList<>();
		for (String operation : List.of(BackendOperations.SET_IF_ABSENT, BackendOperations.COMPARE_AND_SET)) {
			if (!BackendOperations.implemented(backend, operation)) {
				missing.add(operation);
			}
		}
		if (!missing.isEmpty()) {
			throw new InvalidCacheObjCacheException(property, backendName,
					"is a backend (" + backend.getClass().getName() + ") without " + String.join(" and ", missing)
							+ ", which " + caches + " so that JVMs loading one key at once store one value",
					"Implement " + String.join(" and ", missing) + " in " + backend.getClass().getName() + ", or set "
							+ property + " to a backend that has them (memory, redis, memcached).");
		}
	}

	@Bean
	static CacheValueTypeCheck cacheObjCacheValueTypeCheck(ConfigurableListableBeanFactory beanFactory,
			ObjectProvider<CacheOperationSource> operations, ObjectProvider<CacheObjCacheManager> cacheManager) {
		return new CacheValueTypeCheck(beanFactory, operations, cacheManager, "cacheManager");
	}

	private static List<String> trustedPackages(SpringCache springCache, BeanFactory beanFactory) {
		List<String> packages = new ArrayList<>(springCache.getTrustedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		return packages;
	}

	/**
	 * The meters of the caches, for Boot's cache metrics.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ CacheMeterBinderProvider.class, MeterBinder.class })
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheObjCacheMeterBinderProvider cacheObjCacheMeterBinderProvider() {
			return new CacheObjCacheMeterBinderProvider();
		}

	}

	/**
	 * The application's {@code CacheManagerCustomizer} beans, applied to the manager in
	 * order, as Boot applies them to its own managers.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(CacheManagerCustomizer.class)
	static class CustomizersConfiguration {

		@Bean
		static BeanPostProcessor cacheObjCacheManagerCustomizersPostProcessor(
				ObjectProvider<CacheManagerCustomizer<?>> customizers) {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					if (bean instanceof CacheObjCacheManager manager) {
						new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(manager);
					}
					return bean;
				}

			};
		}

	}

	/**
	 * Reflection on the parameters of Spring's {@link SimpleKey}, which a cache's key
	 * text is made of, in a native image.
	 */
	static class CacheKeyHints implements RuntimeHintsRegistrar {

		@Override
		public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
			Field params = ReflectionUtils.findField(SimpleKey.class, "params");
			if (params != null) {
				hints.reflection().registerField(params);
			}
		}

	}

}
