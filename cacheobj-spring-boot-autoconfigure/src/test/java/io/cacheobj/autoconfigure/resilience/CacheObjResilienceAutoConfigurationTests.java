package io.cacheobj.autoconfigure.resilience;

import io.cacheobj.CacheBackendException;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheBackendDecorator;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.RecordingCacheBackend;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheObjResilienceAutoConfiguration} and the decorators it and
 * {@link CacheObjMetricsAutoConfiguration} contribute.
 */
class CacheObjResilienceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class,
				CacheObjResilienceAutoConfiguration.class, CacheObjMetricsAutoConfiguration.class))
		.withPropertyValues("cacheobj.backends.local.type=memory",
				"cacheobj.backends.local.circuit-breaker.enabled=true");

	@Test
	void withoutAnApplicationRegistryBreakersLiveInAPrivateOneThatIsNoBean() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(CircuitBreakerRegistry.class);
			assertThat(backend(context.getBean(CacheObjBinding.class), "local"))
				.startsWith("CircuitBreakerCacheBackend");
		});
	}

	@Test
	void applicationRegistryAndItsConfiguredBreakerAreTheOnesUsed() {
		CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
		CircuitBreaker configured = registry.circuitBreaker("cacheobj.local",
				CircuitBreakerConfig.custom().minimumNumberOfCalls(2).build());
		configured.transitionToForcedOpenState();
		this.contextRunner.withBean(CircuitBreakerRegistry.class, () -> registry).run((context) -> {
			assertThat(context.getBean(CircuitBreakerRegistry.class)).isSameAs(registry);
			CacheBackend local = context.getBean(CacheObjBinding.class).backends().get("local");
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> local.get("k"))
				.withMessageContaining("circuit breaker is FORCED_OPEN");
			assertThat(registry.getAllCircuitBreakers()).containsExactly(configured);
		});
	}

	@Test
	void backendsTheApplicationDeclaresGetTheSameDecorators() {
		this.contextRunner.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.withBean("custom", CacheBackend.class,
					() -> new RecordingCacheBackend(MemoryCacheBackend.builder("custom").build()))
			.withBean("traced", CacheBackendDecorator.class, () -> (name, backend) -> new TracedBackend(backend))
			.withPropertyValues("cacheobj.default-backend=local")
			.run((context) -> {
				CacheObjBinding binding = context.getBean(CacheObjBinding.class);
				assertThat(backend(binding, "custom")).contains("Traced[")
					.contains("MeteredCacheBackend[")
					.contains("RecordingCacheBackend");
				assertThat(backend(binding, "local")).contains("Traced[").contains("CircuitBreakerCacheBackend[");
			});
	}

	private static String backend(CacheObjBinding binding, String name) {
		return binding.backends().get(name).toString();
	}

	/**
	 * A user's decorator that only marks what it wrapped.
	 */
	private record TracedBackend(CacheBackend delegate) implements CacheBackend {

		@Override
		public StoredValue get(String key) {
			return this.delegate.get(key);
		}

		@Override
		public java.util.Map<String, StoredValue> getAll(java.util.Collection<String> keys) {
			return this.delegate.getAll(keys);
		}

		@Override
		public void set(String key, StoredValue value, java.time.Duration ttl) {
			this.delegate.set(key, value, ttl);
		}

		@Override
		public boolean delete(String key) {
			return this.delegate.delete(key);
		}

		@Override
		public long deleteAll(java.util.Collection<String> keys) {
			return this.delegate.deleteAll(keys);
		}

		@Override
		public long increment(String key, long delta, java.time.Duration ttl) {
			return this.delegate.increment(key, delta, ttl);
		}

		@Override
		public String toString() {
			return "Traced[" + this.delegate + "]";
		}

	}

}
