package io.cacheobj.autoconfigure;

import io.cacheobj.metrics.MeteredCacheBackend;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Times every backend's operations in the application's {@link MeterRegistry}, when it has
 * one.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class MetricsConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CacheBackendDecorator cacheObjMetricsDecorator(ObjectProvider<MeterRegistry> registry) {
		return (name, backend) -> {
			MeterRegistry meters = registry.getIfAvailable();
			return (meters != null) ? MeteredCacheBackend.decorate(name, backend, meters) : backend;
		};
	}

}
