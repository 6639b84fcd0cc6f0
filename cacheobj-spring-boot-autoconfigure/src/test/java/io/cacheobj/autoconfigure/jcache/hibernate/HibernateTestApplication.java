package io.cacheobj.autoconfigure.jcache.hibernate;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Configuration;

/**
 * The test entities' package, as an application's, with caching enabled.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@EnableCaching
public class HibernateTestApplication {

}
