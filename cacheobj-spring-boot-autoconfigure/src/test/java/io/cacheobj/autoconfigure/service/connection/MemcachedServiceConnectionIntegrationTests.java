package io.cacheobj.autoconfigure.service.connection;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests memcached service connections against real memcached servers: a local server
 * behind a stubbed container, and a Testcontainers container where Docker runs.
 */
class MemcachedServiceConnectionIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, CacheObjAutoConfiguration.class))
		.withPropertyValues("cacheobj.backends.sessions.type=memcached");

	@Test
	void backendWithoutServersStoresOnTheServiceConnectionsServer(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		this.contextRunner.withUserConfiguration(GreetingScan.class)
			.withUserConfiguration(LocalServerContainer.class)
			.withPropertyValues("test.memcached.port=" + server.port())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(CacheEntityRepository.class)
					.get(Greeting.class, "sc")
					.text()
					.set("over the connection");
				assertThat(server.send("get Greeting.sc.text")).contains("over the connection");
			});
	}

	/**
	 * Runs a {@code memcached} image with Testcontainers; where no Docker engine runs (as
	 * on this project's CI machine) JUnit reports it as skipped, never as passed. It is
	 * the one test of the suite that may be skipped: the others use local servers.
	 */
	@Test
	void realMemcachedContainerConfiguresTheBackend() {
		assumeTrue(DockerClientFactory.instance().isDockerAvailable(), "Docker is not available");
		this.contextRunner.withUserConfiguration(GreetingScan.class, RealContainer.class).run((context) -> {
			assertThat(context).hasNotFailed();
			CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
			repository.get(Greeting.class, "tc").text().set("in a container");
			assertThat(repository.load(Greeting.class, "tc").text().getCached()).isEqualTo("in a container");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

	@Configuration(proxyBeanMethods = false)
	static class LocalServerContainer {

		@Bean
		@ServiceConnection(name = "memcached")
		StubMemcachedContainer memcached(Environment environment) {
			return new StubMemcachedContainer("127.0.0.1",
					environment.getRequiredProperty("test.memcached.port", Integer.class));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RealContainer {

		@Bean(initMethod = "start")
		@ServiceConnection(name = "memcached")
		GenericContainer<?> memcached() {
			return new GenericContainer<>(DockerImageName.parse("memcached:1.6-alpine")).withExposedPorts(11211);
		}

	}

}
