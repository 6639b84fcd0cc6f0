package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.backend.breaker.CircuitBreakerCacheBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Guards redis and memcached backends with Resilience4j circuit breakers named
 * {@code cacheobj.<backend>}, in the application's {@link CircuitBreakerRegistry} when it
 * has one (as Resilience4j's Spring Boot module defines), else in one of cacheobj's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(CircuitBreaker.class)
class CircuitBreakerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	CircuitBreakerRegistry cacheObjCircuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	CacheBackendDecorator cacheObjCircuitBreakerDecorator(CacheObjProperties properties,
			ObjectProvider<CircuitBreakerRegistry> registry) {
		return (name, backend) -> {
			CircuitBreakerRegistry breakers = registry.getObject();
			Backend settings = CacheBackendsRegistrar.settingsOf(properties, name);
			if (settings == null || !isEnabled(settings)) {
				return backend;
			}
			CircuitBreaker breaker = breakers.circuitBreaker("cacheobj." + name, config(name, settings));
			return CircuitBreakerCacheBackend.decorate(name, backend, breaker);
		};
	}

	private static boolean isEnabled(Backend settings) {
		Boolean enabled = settings.getCircuitBreaker().getEnabled();
		if (enabled != null) {
			return enabled;
		}
		return settings.getType() == BackendType.REDIS || settings.getType() == BackendType.MEMCACHED;
	}

	private static CircuitBreakerConfig config(String name, Backend settings) {
		CacheObjProperties.CircuitBreaker breaker = settings.getCircuitBreaker();
		try {
			return CircuitBreakerConfig.custom()
				.failureRateThreshold(breaker.getFailureRateThreshold())
				.minimumNumberOfCalls(breaker.getMinimumNumberOfCalls())
				.slidingWindowSize(breaker.getSlidingWindowSize())
				.waitDurationInOpenState(breaker.getWaitDurationInOpenState())
				.permittedNumberOfCallsInHalfOpenState(breaker.getPermittedNumberOfCallsInHalfOpenState())
				.automaticTransitionFromOpenToHalfOpenEnabled(false)
				.build();
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidCacheObjPropertyException("cacheobj.backends." + name + ".circuit-breaker", null,
					"is invalid (" + ex.getMessage() + ")",
					"Use a failure rate between 0 and 100, positive counts and a positive wait duration.", ex);
		}
	}

}
