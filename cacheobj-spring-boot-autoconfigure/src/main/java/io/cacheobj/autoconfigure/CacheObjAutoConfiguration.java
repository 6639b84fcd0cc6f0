package io.cacheobj.autoconfigure;

import java.util.List;
import java.util.Map;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.OnDecodeError;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.OnError;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.backend.InvalidatingCacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of cacheobj: the backends under {@code cacheobj.backends}, the
 * {@link CacheEntityRepository}, and the binding of beans' {@code @CachedProperty}
 * fields.
 *
 * @since 0.1.0
 */
@AutoConfiguration(afterName = { "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		"org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass(JsonMapper.class)
@EnableConfigurationProperties(CacheObjProperties.class)
@Import({ CacheEntityTypes.Registrar.class, CacheBackendsRegistrar.class, MemoryBackendConfiguration.class,
		RedisBackendConfiguration.class, MemcachedBackendConfiguration.class })
public final class CacheObjAutoConfiguration {

	@Bean
	PropertiesCacheBackendSettings cacheBackendSettings(CacheObjProperties properties,
			ObjectProvider<MemcachedConnectionDetails> memcachedConnections, Environment environment) {
		return new PropertiesCacheBackendSettings(properties, memcachedConnections.orderedStream().toList(),
				environment);
	}

	@Bean
	@ConditionalOnMissingBean
	CacheObjBinding cacheObjBinding(CacheObjProperties properties, PropertiesCacheBackendSettings settings,
			Map<String, CacheBackend> backends, ObjectProvider<JsonMapper> jsonMapper,
			ObjectProvider<CacheBackendDecorator> decorators, ObjectProvider<CacheEntityTypes> entityTypes,
			ConfigurableListableBeanFactory beanFactory, Environment environment) {
		CacheObjBinding.Builder builder = CacheObjBinding.builder()
			.keyPrefix(properties.getKeyPrefix())
			.placeholderResolver(environment::resolveRequiredPlaceholders)
			.conversionService(ApplicationConversionService.getSharedInstance());
		List<CacheBackendDecorator> decoratorList = decorators.orderedStream().toList();
		backends.forEach((name, backend) -> {
			CacheBackend decorated = backend;
			for (CacheBackendDecorator decorator : decoratorList) {
				decorated = decorator.decorate(name, decorated);
			}
			BackendSettings resolved = settings.get(name);
			builder.backend(name, decorated, (resolved != null) ? resolved.defaultTtl() : null);
			if (resolved != null && resolved.onError() == OnError.IGNORE) {
				builder.ignoreFailures(name);
			}
			if (resolved != null && resolved.onDecodeError() == OnDecodeError.MISS) {
				builder.missOnDecodeError(name);
			}
			NearCacheSettings nearCache = (resolved != null) ? resolved.nearCache() : null;
			if (nearCache != null) {
				builder.nearCache(name, nearCache.maximumSize(), nearCache.ttl(), nearCache.lease(),
						invalidations(resolved, backend));
			}
		});
		builder.defaultBackend(defaultBackend(properties, backends));
		jsonMapper.ifAvailable(builder::jsonMapper);
		entityTypes.ifAvailable((types) -> builder.entityTypes(types.load(beanFactory.getBeanClassLoader())));
		return builder.build();
	}

	@Bean
	@ConditionalOnMissingBean
	CacheEntityRepository cacheEntityRepository(CacheObjBinding cacheObjBinding) {
		return cacheObjBinding.repository();
	}

	@Bean
	static BeanPostProcessor cacheObjBeanPostProcessor(ObjectProvider<CacheObjBinding> cacheObjBinding) {
		return new CachedPropertyBeanPostProcessor(cacheObjBinding::getObject);
	}

	private static @Nullable String defaultBackend(CacheObjProperties properties, Map<String, CacheBackend> backends) {
		String name = properties.getDefaultBackend();
		if (name == null) {
			if (properties.getBackends().isEmpty()) {
				return PropertiesCacheBackendSettings.EMBEDDED_BACKEND;
			}
			return (backends.size() == 1) ? backends.keySet().iterator().next() : null;
		}
		if (!backends.containsKey(name)) {
			throw new InvalidCacheObjPropertyException("cacheobj.default-backend", name,
					"names no backend; the backends are " + backends.keySet(), "Set cacheobj.default-backend to one of "
							+ backends.keySet() + ", or declare the backend under " + BackendProperty.prefix(name));
		}
		return name;
	}

	private static @Nullable InvalidationSource invalidations(BackendSettings settings, CacheBackend backend) {
		if (!settings.nearCache().invalidated() || !(backend instanceof InvalidatingCacheBackend invalidating)) {
			return null;
		}
		NearCacheSettings nearCache = settings.nearCache();
		if (backend instanceof RedisCacheBackend redis) {
			return (nearCache.tracking() == CacheObjNearCacheProperties.Tracking.OPTIN)
					? redis.optInInvalidations(nearCache.lease()) : redis.invalidations(nearCache.lease());
		}
		return invalidating.invalidations(nearCache.lease());
	}

}
