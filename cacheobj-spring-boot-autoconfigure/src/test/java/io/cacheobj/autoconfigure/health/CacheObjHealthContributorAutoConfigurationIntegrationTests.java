package io.cacheobj.autoconfigure.health;

import java.util.List;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.health.CacheBackendHealthIndicator;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjHealthContributorAutoConfiguration}, against real servers that
 * are killed.
 */
class CacheObjHealthContributorAutoConfigurationIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjHealthContributorAutoConfiguration.class));

	@Test
	void redisIsUpWithItsVersionAndDownWhenKilledWithoutShowingThePassword(
			@RealServer(value = Kind.REDIS, arguments = { "--requirepass", "pw-secret" }) ManagedServer redis) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://:pw-secret@127.0.0.1:" + redis.port(),
					"cacheobj.backends.redis.timeout=500ms")
			.run((context) -> {
				CompositeHealthContributor cacheobj = context.getBean("cacheobjHealthContributor",
						CompositeHealthContributor.class);
				Health up = health(cacheobj, "redis");
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("type", "redis")
					.containsEntry("target", "redis://:******@127.0.0.1:" + redis.port())
					.containsKey("version");
				redis.kill();
				Health down = health(cacheobj, "redis");
				assertThat(down.getStatus()).isEqualTo(Status.DOWN);
				assertThat(down.toString()).doesNotContain("pw-secret");
			});
	}

	@Test
	void memcachedIsUpWhileOneServerAnswersAndDownWhenNoneDoes(
			@RealServer(value = Kind.MEMCACHED, count = 2) List<ManagedServer> servers) {
		String list = "127.0.0.1:" + servers.get(0).port() + ",127.0.0.1:" + servers.get(1).port();
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached", "cacheobj.backends.m.servers=" + list,
					"cacheobj.backends.m.timeout=500ms")
			.run((context) -> {
				CompositeHealthContributor cacheobj = context.getBean("cacheobjHealthContributor",
						CompositeHealthContributor.class);
				org.awaitility.Awaitility.await().until(() -> health(cacheobj, "m").getStatus().equals(Status.UP));
				assertThat(health(cacheobj, "m").getDetails()).containsEntry("target", list).containsKey("servers");
				servers.get(0).kill();
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(20))
					.until(() -> health(cacheobj, "m").getDetails()
						.get("servers")
						.toString()
						.contains("127.0.0.1:" + servers.get(0).port() + "=unavailable"));
				assertThat(health(cacheobj, "m").getStatus()).isEqualTo(Status.UP);
				servers.get(1).kill();
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(20))
					.until(() -> health(cacheobj, "m").getStatus().equals(Status.DOWN));
			});
	}

	private static Health health(CompositeHealthContributor composite, String name) {
		return ((CacheBackendHealthIndicator) composite.getContributor(name)).health(true);
	}

}
