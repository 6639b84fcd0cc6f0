package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.metrics.MeteredCacheBackend;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Times the backends' operations in the application's {@link MeterRegistry}, when it has
 * one: every backend but memory ones, unless {@code metrics-enabled} says otherwise.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MeterRegistry.class)
class MetricsConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CacheBackendDecorator cacheObjMetricsDecorator(CacheObjProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		return (name, backend) -> {
			MeterRegistry meters = registry.getIfAvailable();
			if (meters == null || !isEnabled(CacheBackendsRegistrar.settingsOf(properties, name))) {
				return backend;
			}
			return MeteredCacheBackend.decorate(name, backend, meters);
		};
	}

	private static boolean isEnabled(@Nullable Backend settings) {
		if (settings == null) {
			return true;
		}
		Boolean enabled = settings.getMetricsEnabled();
		return (enabled != null) ? enabled : settings.getType() != BackendType.MEMORY;
	}

}
