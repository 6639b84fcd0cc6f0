package io.cacheobj.autoconfigure.metrics;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.metrics.CacheObjMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Auto-configuration of the observations of cacheobj's backends: every backend but memory
 * ones, unless {@code metrics-enabled} says otherwise, and backends the application
 * declares as beans too. Operations are observed in the application's
 * {@link ObservationRegistry} when it has one (Spring Boot's times them in the
 * {@link MeterRegistry} and traces them); otherwise they are timed in the
 * {@link MeterRegistry} directly, when there is one.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = CacheObjAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ MeterRegistry.class, CacheBackend.class })
public final class CacheObjMetricsAutoConfiguration {

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	CacheBackendDecorator cacheObjMetricsDecorator(ObjectProvider<CacheBackendSettings> settings,
			ObjectProvider<MeterRegistry> registry, ObjectProvider<ObservationRegistry> observationRegistry) {
		return (name, backend) -> {
			if (!settings.getObject().metricsEnabled(name)) {
				return backend;
			}
			MeterRegistry meters = registry.getIfAvailable();
			ObservationRegistry observations = observationRegistry.getIfAvailable();
			if (observations != null && !observations.isNoop()) {
				return CacheObjMetrics.decorate(name, backend, observations, meters);
			}
			return (meters != null) ? CacheObjMetrics.decorate(name, backend, meters) : backend;
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
				new CacheObjMetrics(cacheObjBinding).bindTo(meters);
			}
		};
	}

}
