package io.cacheobj.autoconfigure.metrics;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.metrics.CacheObjMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjMetricsAutoConfiguration}.
 */
class CacheObjMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CacheObjMetricsAutoConfiguration.class, CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withPropertyValues("cacheobj.backends.local.type=memory");

	@Test
	void operationsAreObservedInTheApplicationsObservationRegistry() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withPropertyValues("cacheobj.backends.local.metrics-enabled=true")
			.withBean(ObservationRegistry.class, () -> observations)
			.run((context) -> {
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "o").text().get();
				assertThat(observations).hasSingleObservationThat()
					.hasNameEqualTo(CacheObjMetrics.OBSERVATION)
					.hasLowCardinalityKeyValue("backend", "local")
					.hasLowCardinalityKeyValue("operation", "get")
					.hasLowCardinalityKeyValue("outcome", "miss");
			});
	}

	@Test
	void withAMeterRegistryAloneOperationsAreTimed() {
		this.contextRunner.withPropertyValues("cacheobj.backends.local.metrics-enabled=true")
			.withBean(SimpleMeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "t").text().get();
				assertThat(context.getBean(MeterRegistry.class)
					.get(CacheObjMetrics.TIMER)
					.tags("backend", "local", "operation", "get", "outcome", "miss")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void memoryBackendsAreNotObservedByDefault() {
		TestObservationRegistry observations = TestObservationRegistry.create();
		this.contextRunner.withBean(ObservationRegistry.class, () -> observations).run((context) -> {
			context.getBean(CacheEntityRepository.class).get(Greeting.class, "n").text().get();
			assertThat(observations).doesNotHaveAnyObservation();
		});
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
