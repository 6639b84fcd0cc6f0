package io.cacheobj.autoconfigure.metrics;

import java.util.function.ToDoubleFunction;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.metrics.CacheObjMetrics;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import net.spy.memcached.MemcachedClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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

	/**
	 * Register {@value CacheObjMetrics#RECONNECTS} for every Redis backend bean, named
	 * after the bean as the binding names its backends.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisClient.class, LettuceConnectionFactory.class })
	static final class RedisReconnectMeters {

		@Bean
		static SmartInitializingSingleton cacheObjRedisReconnectMeters(ListableBeanFactory beanFactory,
				ObjectProvider<MeterRegistry> registry) {
			return () -> registry
				.ifAvailable((meters) -> beanFactory.getBeansOfType(RedisCacheBackend.class, false, false)
					.forEach((name, backend) -> reconnects(name, backend, RedisCacheBackend::reconnects, meters)));
		}

	}

	/**
	 * Register {@value CacheObjMetrics#RECONNECTS} for every memcached backend bean.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MemcachedClient.class)
	static final class MemcachedReconnectMeters {

		@Bean
		static SmartInitializingSingleton cacheObjMemcachedReconnectMeters(ListableBeanFactory beanFactory,
				ObjectProvider<MeterRegistry> registry) {
			return () -> registry
				.ifAvailable((meters) -> beanFactory.getBeansOfType(MemcachedCacheBackend.class, false, false)
					.forEach((name, backend) -> reconnects(name, backend, MemcachedCacheBackend::reconnects, meters)));
		}

	}

	private static <B> void reconnects(String name, B backend, ToDoubleFunction<B> count, MeterRegistry meters) {
		FunctionCounter.builder(CacheObjMetrics.RECONNECTS, backend, count)
			.description("Connections of the backend that were lost and connected again")
			.tags("backend", name)
			.register(meters);
	}

}
