package io.cacheobj.autoconfigure.resilience;

import java.util.Locale;

import io.cacheobj.metrics.CacheObjMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.BeanFactory;

/**
 * The meters of a backend's circuit breaker, in the application's {@link MeterRegistry}:
 * {@value CacheObjMetrics#CIRCUIT_BREAKER_STATE},
 * {@value CacheObjMetrics#CIRCUIT_BREAKER_TRANSITIONS} and
 * {@value CacheObjMetrics#CIRCUIT_BREAKER_REFUSED}, tagged {@code backend}. Loaded only
 * when Micrometer is on the classpath.
 */
final class CircuitBreakerMeters {

	private CircuitBreakerMeters() {
	}

	static void bind(String backend, CircuitBreaker breaker, BeanFactory beanFactory) {
		MeterRegistry registry = beanFactory.getBeanProvider(MeterRegistry.class).getIfAvailable();
		if (registry == null) {
			return;
		}
		for (CircuitBreaker.State state : new CircuitBreaker.State[] { CircuitBreaker.State.CLOSED,
				CircuitBreaker.State.OPEN, CircuitBreaker.State.HALF_OPEN }) {
			Gauge.builder(CacheObjMetrics.CIRCUIT_BREAKER_STATE, breaker, (b) -> (b.getState() == state) ? 1 : 0)
				.description("State of the backend's circuit breaker")
				.tags("backend", backend, "state", name(state))
				.register(registry);
		}
		Counter refused = Counter.builder(CacheObjMetrics.CIRCUIT_BREAKER_REFUSED)
			.description("Calls the open circuit breaker failed at once")
			.tags("backend", backend)
			.register(registry);
		breaker.getEventPublisher().onCallNotPermitted((event) -> refused.increment());
		breaker.getEventPublisher()
			.onStateTransition((event) -> Counter.builder(CacheObjMetrics.CIRCUIT_BREAKER_TRANSITIONS)
				.description("Changes of the circuit breaker's state")
				.tags("backend", backend, "from", name(event.getStateTransition().getFromState()), "to",
						name(event.getStateTransition().getToState()))
				.register(registry)
				.increment());
	}

	private static String name(CircuitBreaker.State state) {
		return state.name().toLowerCase(Locale.ROOT);
	}

}
