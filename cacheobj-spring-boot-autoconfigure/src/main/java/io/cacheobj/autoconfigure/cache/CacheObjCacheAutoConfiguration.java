package io.cacheobj.autoconfigure.cache;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
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
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.SimpleKey;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.util.ReflectionUtils;

/**
 * Auto-configuration of a {@link CacheObjCacheManager} when the application enables
 * caching ({@code @EnableCaching}) and declares no {@link CacheManager} of its own, from
 * {@code cacheobj.spring-cache.*}; with Boot's cache metrics on the classpath, its
 * caches' meters too.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CacheObjAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ CacheManager.class, JsonMapper.class })
@ConditionalOnBean({ CacheAspectSupport.class, CacheObjBinding.class })
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@Import(CacheObjCacheAutoConfiguration.MetricsConfiguration.class)
@ImportRuntimeHints(CacheObjCacheAutoConfiguration.CacheKeyHints.class)
public final class CacheObjCacheAutoConfiguration {

	private static final String PREFIX = "cacheobj.spring-cache";

	@Bean
	CacheObjCacheManager cacheManager(CacheObjBinding cacheObjBinding, CacheObjProperties properties,
			CacheBackendSettings settings, Map<String, CacheBackend> backends, ObjectProvider<JsonMapper> jsonMapper,
			BeanFactory beanFactory) {
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
			if (settings.type(name) == BackendType.MEMCACHED
					|| backend.getClass().getName().equals("io.cacheobj.backend.memcached.MemcachedCacheBackend")) {
				builder.namespaceVersioned(name);
			}
		});
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
