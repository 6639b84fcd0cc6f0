package io.cacheobj.autoconfigure.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.cache.CacheManager;
import javax.cache.Caching;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjBackendProperties;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.jcache.CacheObjCachingProvider;
import io.cacheobj.jcache.CacheObjJCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Auto-configuration of JCache (JSR-107) on cacheobj backends, with the JCache API on the
 * classpath, and of Hibernate's second-level cache on the application's JCache cache
 * manager: with hibernate-jcache on the classpath and
 * {@code spring.jpa.properties.hibernate.cache.region.factory_class=jcache}, Hibernate's
 * regions live in the application's {@link CacheManager} bean (Boot's, with
 * {@code spring.cache.type=jcache}), which Hibernate cannot close;
 * {@code cacheobj.jcache.hibernate.enabled=false} turns that off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CacheObjAutoConfiguration.class,
		beforeName = { "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" })
@ConditionalOnClass(CacheManager.class)
@Import({ CacheObjJCacheAutoConfiguration.ProviderConfiguration.class,
		CacheObjJCacheAutoConfiguration.HibernateConfiguration.class })
public final class CacheObjJCacheAutoConfiguration {

	/**
	 * cacheobj's JCache cache manager on the application's binding, when cacheobj-jcache
	 * is on the classpath and Boot's {@code spring.cache.jcache.provider} and
	 * {@code .config} name no other: one manager per context (its own URI), caches on
	 * {@code cacheobj.jcache.default-backend}, values restricted to the allowed packages
	 * and the application's. Boot's {@code JCacheCacheConfiguration} uses it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.cacheobj.jcache.CacheObjCachingProvider")
	@ConditionalOnBean(CacheObjBinding.class)
	@ConditionalOnMissingBean(CacheManager.class)
	@Conditional(CacheObjProviderCondition.class)
	static class ProviderConfiguration {

		private static final String PREFIX = "cacheobj.jcache";

		@Bean(destroyMethod = "close")
		CacheManager cacheObjJCacheManager(CacheObjBinding binding, CacheObjProperties properties,
				BeanFactory beanFactory) {
			CacheObjProperties.JCache jcache = properties.getJcache();
			Set<String> known = binding.backends().keySet();
			String backend = (jcache.getDefaultBackend() != null) ? jcache.getDefaultBackend()
					: binding.defaultBackend();
			String property = (jcache.getDefaultBackend() != null) ? PREFIX + ".default-backend"
					: "cacheobj.default-backend";
			checkBackend(known, properties, property, backend);
			Properties managerProperties = new Properties();
			jcache.getCaches().forEach((name, cache) -> {
				if (cache.getBackend() != null) {
					checkBackend(known, properties, PREFIX + ".caches" + mapKey(name) + ".backend", cache.getBackend());
					managerProperties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + name + ".backend",
							cache.getBackend());
				}
				if (cache.getTtl() != null) {
					managerProperties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + name + ".ttl",
							cache.getTtl().toString());
				}
			});
			List<String> packages = new ArrayList<>(jcache.getAllowedPackages());
			if (AutoConfigurationPackages.has(beanFactory)) {
				packages.addAll(AutoConfigurationPackages.get(beanFactory));
			}
			managerProperties.put(CacheObjCachingProvider.BINDING_PROPERTY, binding);
			managerProperties.setProperty(CacheObjCachingProvider.BACKEND_PROPERTY, backend);
			managerProperties.setProperty(CacheObjCachingProvider.ALLOWED_PACKAGES_PROPERTY,
					String.join(",", packages));
			ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable
					&& configurable.getBeanClassLoader() != null) ? configurable.getBeanClassLoader()
							: CacheObjJCacheAutoConfiguration.class.getClassLoader();
			URI uri = URI.create("cacheobj:context-" + CONTEXTS.incrementAndGet());
			return Caching.getCachingProvider(CacheObjCachingProvider.class.getName(), classLoader)
				.getCacheManager(uri, classLoader, managerProperties);
		}

	}

	private static final AtomicLong CONTEXTS = new AtomicLong();

	/** A map key as a property name writes it: in brackets when it holds a dot. */
	static String mapKey(String name) {
		return name.contains(".") ? "[" + name + "]" : "." + name;
	}

	/**
	 * Refuse a backend that is not declared, or is memcached, for JCache caches.
	 */
	static void checkBackend(Set<String> known, CacheObjProperties properties, String property,
			@Nullable String backend) {
		if (backend == null || !known.contains(backend)) {
			throw new InvalidCacheObjJCacheException(property, String.valueOf(backend),
					"names no backend for JCache caches; the backends are " + known,
					"Set " + property + " to one of " + known + ".");
		}
		CacheObjBackendProperties settings = properties.getBackends().get(backend);
		if (settings != null && settings.getType() != null && "memcached".equalsIgnoreCase(settings.getType().name())) {
			throw new InvalidCacheObjJCacheException(property, backend,
					"is a memcached backend, which JCache caches cannot use: memcached cannot list keys (iterator,"
							+ " removeAll, clear) nor keep an entry's time to live on update",
					"Set " + property + " to a memory or redis backend.");
		}
	}

	/**
	 * Matches unless Boot's {@code spring.cache.jcache.provider} names another provider
	 * or {@code spring.cache.jcache.config} a provider's configuration.
	 */
	static class CacheObjProviderCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			ConditionMessage.Builder message = ConditionMessage.forCondition("cacheobj JCache provider");
			String provider = context.getEnvironment().getProperty("spring.cache.jcache.provider");
			if (provider != null && !provider.equals("io.cacheobj.jcache.CacheObjCachingProvider")) {
				return ConditionOutcome.noMatch(message.because("spring.cache.jcache.provider is " + provider));
			}
			if (context.getEnvironment().getProperty("spring.cache.jcache.config") != null) {
				return ConditionOutcome.noMatch(message.because("spring.cache.jcache.config is set"));
			}
			return ConditionOutcome.match(message.because("no other JCache provider is named"));
		}

	}

	/**
	 * Hibernate's regions in the application's JCache cache manager.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(value = HibernatePropertiesCustomizer.class, name = "org.hibernate.cache.jcache.ConfigSettings")
	@ConditionalOnBooleanProperty(name = "cacheobj.jcache.hibernate.enabled", matchIfMissing = true)
	static class HibernateConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CacheObjHibernatePropertiesCustomizer cacheObjHibernatePropertiesCustomizer(
				ObjectProvider<CacheManager> cacheManager, ObjectProvider<CacheObjProperties> properties) {
			return new CacheObjHibernatePropertiesCustomizer(cacheManager,
					properties.getIfAvailable(CacheObjProperties::new));
		}

	}

}
