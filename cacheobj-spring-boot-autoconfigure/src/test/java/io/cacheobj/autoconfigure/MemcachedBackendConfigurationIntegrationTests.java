package io.cacheobj.autoconfigure;

import java.time.Duration;

import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code memcached} backends of {@link CacheObjAutoConfiguration}, against
 * real memcached servers.
 */
class MemcachedBackendConfigurationIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class);

	@Test
	void memcachedBackendStoresOnItsServers(
			@RealServer(value = Kind.MEMCACHED, count = 2) List<ManagedServer> servers) {
		String list = servers.get(0).host() + ":" + servers.get(0).port() + ", " + servers.get(1).host() + ":"
				+ servers.get(1).port();
		this.contextRunner
			.withPropertyValues("cacheobj.backends.sessions.type=memcached",
					"cacheobj.backends.sessions.servers=" + list, "cacheobj.backends.sessions.protocol=text",
					"cacheobj.backends.sessions.timeout=500ms")
			.run((context) -> {
				assertThat(context.getBean("sessions")).isInstanceOf(MemcachedCacheBackend.class);
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				for (int i = 0; i < 20; i++) {
					repository.get(Greeting.class, "g" + i).text().set("hello " + i);
				}
				assertThat(repository.load(Greeting.class, "g7").text().getCached()).isEqualTo("hello 7");
				long onServers = servers.stream()
					.filter((server) -> server.send("get Greeting.g7.text").contains("hello 7"))
					.count();
				assertThat(onServers).isEqualTo(1);
			});
	}

	@Test
	void serversAsAYamlListAndPythonDistributionBind(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached",
					"cacheobj.backends.m.servers[0]=127.0.0.1:" + server.port(),
					"cacheobj.backends.m.distribution=python-memcached", "cacheobj.backends.m.failure-mode=cancel",
					"cacheobj.backends.m.max-item-size=2MB")
			.run((context) -> {
				// With failure-mode cancel, spymemcached cancels what is sent before it
				// has
				// connected: the first write may need another try.
				await().atMost(Duration.ofSeconds(5))
					.ignoreExceptionsInstanceOf(CacheBackendException.class)
					.untilAsserted(() -> context.getBean(CacheEntityRepository.class)
						.get(Greeting.class, "list")
						.text()
						.set("listed"));
				assertThat(server.send("get Greeting.list.text")).contains("listed");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
