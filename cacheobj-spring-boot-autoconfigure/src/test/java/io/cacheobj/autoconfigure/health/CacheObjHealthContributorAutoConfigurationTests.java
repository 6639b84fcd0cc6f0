package io.cacheobj.autoconfigure.health;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.health.CacheBackendHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjHealthContributorAutoConfiguration}.
 */
class CacheObjHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjHealthContributorAutoConfiguration.class));

	@Test
	void eachBackendHasAnIndicatorUnderCacheobj() {
		this.contextRunner.withPropertyValues("cacheobj.backends.a.type=memory", "cacheobj.backends.b.type=memory")
			.run((context) -> {
				CompositeHealthContributor cacheobj = context.getBean("cacheobjHealthContributor",
						CompositeHealthContributor.class);
				assertThat(cacheobj.stream().map((entry) -> entry.name())).containsExactlyInAnyOrder("a", "b");
				Health health = health(cacheobj, "a");
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("type", "memory");
			});
	}

	@Test
	void healthCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("management.health.cacheobj.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("cacheobjHealthContributor"));
	}

	@Test
	void backsOffWithoutBootsHealthModule() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("cacheobjHealthContributor"));
	}

	@Test
	void userContributorWins() {
		this.contextRunner
			.withBean("cacheobjHealthContributor", HealthContributor.class,
					() -> new CacheBackendHealthIndicator(
							io.cacheobj.backend.memory.MemoryCacheBackend.builder("m").build(), java.util.Map.of()))
			.run((context) -> assertThat(context.getBean("cacheobjHealthContributor"))
				.isInstanceOf(CacheBackendHealthIndicator.class));
	}

	private static Health health(CompositeHealthContributor composite, String name) {
		return ((CacheBackendHealthIndicator) composite.getContributor(name)).health(true);
	}

}
