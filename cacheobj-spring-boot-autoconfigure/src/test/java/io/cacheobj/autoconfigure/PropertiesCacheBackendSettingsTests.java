package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.cacheobj.autoconfigure.CacheBackendSettings.CircuitBreakerSettings;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link PropertiesCacheBackendSettings}.
 */
class PropertiesCacheBackendSettingsTests {

	@Test
	void withoutBackendsTheEmbeddedMemoryBackendHasItsDefaults() {
		PropertiesCacheBackendSettings settings = settings(new CacheObjProperties());
		assertThat(settings.type("memory")).isEqualTo(BackendType.MEMORY);
		assertThat(settings.metricsEnabled("memory")).isFalse();
		assertThat(settings.circuitBreaker("memory")).isNull();
		BackendSettings memory = settings.get("memory");
		assertThat(memory).isNotNull();
		assertThat(memory.memory().maximumSize()).isEqualTo(100_000);
		assertThat(memory.target()).isEqualTo("this JVM (maximum-size 100000)");
	}

	@Test
	void remoteBackendsAreTimedAndGuardedByDefault() {
		CacheObjProperties properties = new CacheObjProperties();
		properties.getBackends().put("cache", backend(BackendType.REDIS));
		properties.getBackends().put("sessions", backend(BackendType.MEMCACHED));
		PropertiesCacheBackendSettings settings = settings(properties);
		assertThat(settings.metricsEnabled("cache")).isTrue();
		assertThat(settings.circuitBreaker("cache"))
			.isEqualTo(new CircuitBreakerSettings(50, 20, true, 2, Duration.ofMillis(500), Duration.ofSeconds(1), 3));
		assertThat(settings.get("cache").redis().timeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.get("sessions").memcached().timeout()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void backendsTheApplicationDeclaresHaveNoSettingsButAreTimed() {
		PropertiesCacheBackendSettings settings = settings(new CacheObjProperties());
		assertThat(settings.type("own")).isNull();
		assertThat(settings.metricsEnabled("own")).isTrue();
		assertThat(settings.circuitBreaker("own")).isNull();
		assertThat(settings.describe("own", MemoryCacheBackend.builder("own").build())).containsEntry("type", "custom")
			.containsEntry("target", MemoryCacheBackend.class.getName());
	}

	@Test
	void settingsOfAnotherTypeAreRefused() {
		BackendSettings memory = settings(new CacheObjProperties()).get("memory");
		assertThat(memory).isNotNull();
		assertThatIllegalStateException().isThrownBy(memory::redis)
			.withMessage("Backend 'memory' is a memory backend, not a redis one");
	}

	@Test
	void aDisabledCircuitBreakerIsStillChecked() {
		CacheObjProperties properties = new CacheObjProperties();
		CacheObjBackendProperties backend = backend(BackendType.REDIS);
		backend.getCircuitBreaker().setEnabled(false);
		backend.getCircuitBreaker().setSlidingWindowSize(0);
		properties.getBackends().put("cache", backend);
		assertThatExceptionOfType(InvalidCacheObjPropertyException.class).isThrownBy(() -> settings(properties))
			.satisfies((ex) -> assertThat(ex.getProperty())
				.isEqualTo("cacheobj.backends.cache.circuit-breaker.sliding-window-size"));
	}

	private static CacheObjBackendProperties backend(BackendType type) {
		CacheObjBackendProperties backend = new CacheObjBackendProperties();
		backend.setType(type);
		return backend;
	}

	private static PropertiesCacheBackendSettings settings(CacheObjProperties properties) {
		return new PropertiesCacheBackendSettings(properties, List.of(), new MockEnvironment());
	}

}
