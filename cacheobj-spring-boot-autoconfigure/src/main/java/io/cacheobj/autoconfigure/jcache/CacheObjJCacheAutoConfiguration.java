package io.cacheobj.autoconfigure.jcache;

import javax.cache.CacheManager;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheObjProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

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
@Import(CacheObjJCacheAutoConfiguration.HibernateConfiguration.class)
public final class CacheObjJCacheAutoConfiguration {

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
