package io.cacheobj.backend;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.metrics.CacheObjMetrics;
import io.cacheobj.resilience.CircuitBreakerCacheBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@link CacheBackend} contract met by a {@link MemoryCacheBackend} behind a circuit
 * breaker and metrics, the stack the auto-configuration builds: the decorators change
 * nothing a property sees.
 */
class DecoratedMemoryCacheBackendTests extends AbstractCacheBackendContractTests {

	private final AtomicLong nanos = new AtomicLong();

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("decorated");

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final CacheBackend backend = CacheObjMetrics.decorate("decorated",
			CircuitBreakerCacheBackend.decorate("decorated",
					MemoryCacheBackend.builder("decorated").ticker(this.nanos::get).build(), this.breaker),
			this.registry);

	@Override
	protected CacheBackend backend() {
		return this.backend;
	}

	@Override
	protected void elapse(Duration duration) {
		this.nanos.addAndGet(duration.toNanos());
	}

	@AfterEach
	void breakerCountedNoFailure() {
		assertThat(this.breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void operationsPassThroughBothDecorators() {
		assertThat(this.backend.get(key("absent"))).isNull();
		assertThat(this.registry.get(CacheObjMetrics.TIMER)
			.tags("backend", "decorated", "operation", "get", "outcome", "miss")
			.timer()
			.count()).isEqualTo(1);
		assertThat(this.breaker.getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
	}

}
