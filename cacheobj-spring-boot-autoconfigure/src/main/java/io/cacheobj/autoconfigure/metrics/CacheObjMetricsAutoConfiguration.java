package io.cacheobj.autoconfigure.metrics;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheBackendSettings.Resolved;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.metrics.DecodeErrorMeters;
import io.cacheobj.metrics.MeteredCacheBackend;
import io.cacheobj.metrics.NearCacheMeters;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the timers of cacheobj's backends, in the application's
 * {@link MeterRegistry} when it has one: every backend but memory ones, unless
 * {@code metrics-enabled} says otherwise; backends the application declares as beans are
 * timed too.
 *
 * @since 0.2.0
 */
@AutoConfiguration(before = CacheObjAutoConfiguration.class)
@ConditionalOnClass({ MeterRegistry.class, CacheBackend.class })
public final class CacheObjMetricsAutoConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CacheBackendDecorator cacheObjMetricsDecorator(ObjectProvider<CacheBackendSettings> settings,
			ObjectProvider<MeterRegistry> registry) {
		return (name, backend) -> {
			MeterRegistry meters = registry.getIfAvailable();
			Resolved resolved = settings.getObject().get(name);
			if (meters == null || (resolved != null && !resolved.metricsEnabled())) {
				return backend;
			}
			return MeteredCacheBackend.decorate(name, backend, meters);
		};
	}

	/**
	 * Register the near caches' meters and the decode error counters once every singleton
	 * exists, so that neither the binding nor the registry is created early for the
	 * other.
	 */
	@Bean
	static SmartInitializingSingleton cacheObjNearCacheMeters(ObjectProvider<CacheObjBinding> binding,
			ObjectProvider<MeterRegistry> registry) {
		return () -> {
			MeterRegistry meters = registry.getIfAvailable();
			CacheObjBinding cacheObjBinding = binding.getIfAvailable();
			if (meters != null && cacheObjBinding != null) {
				cacheObjBinding.nearCaches().forEach((name, nearCache) -> NearCacheMeters.bind(nearCache, meters));
				DecodeErrorMeters.bind(cacheObjBinding, meters);
			}
		};
	}

}
