package io.cacheobj.autoconfigure.resilience;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheBackendSettings.CircuitBreakerSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.resilience.CircuitBreakerCacheBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of Resilience4j circuit breakers, named {@code cacheobj.<backend>},
 * around redis and memcached backends (or any whose {@code circuit-breaker.enabled} is
 * set). The breakers live in the application's {@link CircuitBreakerRegistry} when it has
 * one, such as Resilience4j's Spring Boot module defines, so its
 * {@code resilience4j.circuitbreaker.*} settings and events apply; otherwise in a
 * registry of cacheobj's own, which is deliberately not a bean, so that it can never
 * stand in for the application's. With a {@code MeterRegistry}, each breaker's state,
 * state changes and refused calls are counted there.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = CacheObjAutoConfiguration.class)
@ConditionalOnClass({ CircuitBreaker.class, CacheBackend.class })
public final class CacheObjResilienceAutoConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CacheBackendDecorator cacheObjCircuitBreakerDecorator(ObjectProvider<CacheBackendSettings> settings,
			ObjectProvider<CircuitBreakerRegistry> applicationRegistry, BeanFactory beanFactory) {
		return new CircuitBreakerDecorator(settings, applicationRegistry, beanFactory);
	}

	/**
	 * Puts a circuit breaker around each backend whose settings ask for one.
	 */
	private static final class CircuitBreakerDecorator implements CacheBackendDecorator {

		private static final boolean MICROMETER_PRESENT = ClassUtils
			.isPresent("io.micrometer.core.instrument.MeterRegistry", CircuitBreakerDecorator.class.getClassLoader());

		private final ObjectProvider<CacheBackendSettings> settings;

		private final ObjectProvider<CircuitBreakerRegistry> applicationRegistry;

		private final BeanFactory beanFactory;

		private volatile CircuitBreakerRegistry ownRegistry;

		CircuitBreakerDecorator(ObjectProvider<CacheBackendSettings> settings,
				ObjectProvider<CircuitBreakerRegistry> applicationRegistry, BeanFactory beanFactory) {
			this.settings = settings;
			this.applicationRegistry = applicationRegistry;
			this.beanFactory = beanFactory;
		}

		@Override
		public CacheBackend decorate(String name, CacheBackend backend) {
			CircuitBreakerSettings settings = this.settings.getObject().circuitBreaker(name);
			if (settings == null) {
				return backend;
			}
			CircuitBreaker breaker = registry().circuitBreaker("cacheobj." + name, config(settings));
			if (MICROMETER_PRESENT) {
				CircuitBreakerMeters.bind(name, breaker, this.beanFactory);
			}
			return CircuitBreakerCacheBackend.decorate(name, backend, breaker);
		}

		private CircuitBreakerRegistry registry() {
			CircuitBreakerRegistry registry = this.applicationRegistry.getIfAvailable();
			if (registry != null) {
				return registry;
			}
			if (this.ownRegistry == null) {
				this.ownRegistry = CircuitBreakerRegistry.ofDefaults();
			}
			return this.ownRegistry;
		}

		private static CircuitBreakerConfig config(CircuitBreakerSettings settings) {
			return CircuitBreakerConfig.custom()
				.failureRateThreshold(settings.failureRateThreshold())
				.slidingWindowType(settings.timeBased() ? SlidingWindowType.TIME_BASED : SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(settings.slidingWindowSize())
				.minimumNumberOfCalls(settings.minimumNumberOfCalls())
				.slowCallDurationThreshold(settings.slowCallDurationThreshold())
				.waitDurationInOpenState(settings.waitDurationInOpenState())
				.permittedNumberOfCallsInHalfOpenState(settings.permittedNumberOfCallsInHalfOpenState())
				.automaticTransitionFromOpenToHalfOpenEnabled(false)
				.build();
		}

	}

}
