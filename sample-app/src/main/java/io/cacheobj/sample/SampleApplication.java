package io.cacheobj.sample;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;

/**
 * A user cache served over HTTP, on cacheobj.
 */
@SpringBootApplication
@EnableCaching
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

	/**
	 * The application's circuit breakers, which cacheobj's remote backends join (as
	 * {@code cacheobj.<backend>}), so that their state is published.
	 * @return the registry
	 */
	@Bean
	CircuitBreakerRegistry circuitBreakerRegistry() {
		return CircuitBreakerRegistry.ofDefaults();
	}

	/**
	 * Publish every circuit breaker's state and calls, for the dashboard's breaker panel.
	 * @param circuitBreakers the application's circuit breakers
	 * @return the meters
	 */
	@Bean
	MeterBinder circuitBreakerMetrics(CircuitBreakerRegistry circuitBreakers) {
		return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers);
	}

}
