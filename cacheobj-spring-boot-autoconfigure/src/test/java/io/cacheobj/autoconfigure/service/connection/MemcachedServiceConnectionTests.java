package io.cacheobj.autoconfigure.service.connection;

import java.util.List;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.MemcachedConnectionDetails;
import io.cacheobj.autoconfigure.MemcachedConnectionDetails.Server;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.TestDockerComposeConnectionSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link MemcachedContainerConnectionDetailsFactory} and
 * {@link MemcachedDockerComposeConnectionDetailsFactory}, over a stubbed container and a
 * stubbed Compose service: this machine has no Docker engine.
 */
class MemcachedServiceConnectionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ServiceConnectionAutoConfiguration.class, CacheObjAutoConfiguration.class));

	@Test
	void serviceConnectionContainerGivesTheOnlyMemcachedBackendItsServers() {
		this.contextRunner.withUserConfiguration(UnlabelledContainer.class)
			.withPropertyValues("cacheobj.backends.sessions.type=memcached", "cacheobj.backends.local.type=memory")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MemcachedConnectionDetails details = context.getBean(MemcachedConnectionDetails.class);
				assertThat(details.getServers()).containsExactly(new Server("127.0.0.1", 21211));
				assertThat(details.getBackendName()).isNull();
				CacheBackend sessions = context.getBean("sessions", CacheBackend.class);
				assertThat(sessions).isInstanceOf(MemcachedCacheBackend.class);
				assertThat(context.getBean(CacheBackendSettings.class).describe("sessions", sessions))
					.containsEntry("target", "service connection 127.0.0.1:21211");
			});
	}

	@Test
	void containerLabelNamesTheBackendAmongSeveral() {
		this.contextRunner.withUserConfiguration(LabelledContainer.class)
			.withPropertyValues("cacheobj.backends.sessions.type=memcached", "cacheobj.backends.other.type=memcached",
					"cacheobj.backends.other.servers=10.0.0.9:11211")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MemcachedConnectionDetails.class).getBackendName()).isEqualTo("sessions");
				CacheBackendSettings settings = context.getBean(CacheBackendSettings.class);
				assertThat(settings.describe("sessions", context.getBean("sessions", CacheBackend.class)))
					.containsEntry("target", "service connection 127.0.0.1:21212");
				assertThat(settings.describe("other", context.getBean("other", CacheBackend.class)))
					.containsEntry("target", "10.0.0.9:11211");
			});
	}

	@Test
	void unlabelledContainerWithSeveralMemcachedBackendsAsksForTheLabel() {
		this.contextRunner.withUserConfiguration(UnlabelledContainer.class)
			.withPropertyValues("cacheobj.backends.a.type=memcached", "cacheobj.backends.b.type=memcached")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("2 memcached backends")
				.hasMessageContaining("service connection(s) that name no backend"));
	}

	@Test
	void dockerComposeServiceOfAMemcachedImageGivesConnectionDetails() {
		RunningService service = service("memcached:1.6-alpine", Map.of());
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
			.getConnectionDetails(TestDockerComposeConnectionSource.of(service), false);
		MemcachedConnectionDetails memcached = (MemcachedConnectionDetails) details
			.get(MemcachedConnectionDetails.class);
		assertThat(memcached.getServers()).containsExactly(new Server("127.0.0.1", 32768));
		assertThat(memcached.getBackendName()).isNull();
	}

	@Test
	void dockerComposeLabelNamesTheBackend() {
		RunningService service = service("bitnami/memcached:latest",
				Map.of(MemcachedConnectionDetails.BACKEND_LABEL, "sessions"));
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
			.getConnectionDetails(TestDockerComposeConnectionSource.of(service), false);
		assertThat(((MemcachedConnectionDetails) details.get(MemcachedConnectionDetails.class)).getBackendName())
			.isEqualTo("sessions");
	}

	@Test
	void dockerComposeServiceOfAnotherImageGivesNone() {
		RunningService service = service("redis:7", Map.of());
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
			.getConnectionDetails(TestDockerComposeConnectionSource.of(service), false);
		assertThat(details).doesNotContainKey(MemcachedConnectionDetails.class);
	}

	private static RunningService service(String image, Map<String, String> labels) {
		RunningService service = mock(RunningService.class);
		ConnectionPorts ports = mock(ConnectionPorts.class);
		given(ports.get(11211)).willReturn(32768);
		given(service.name()).willReturn("cache");
		given(service.image()).willReturn(ImageReference.of(image));
		given(service.host()).willReturn("127.0.0.1");
		given(service.ports()).willReturn(ports);
		given(service.labels()).willReturn(labels);
		given(service.env()).willReturn(Map.of());
		return service;
	}

	@Configuration(proxyBeanMethods = false)
	static class UnlabelledContainer {

		// A @Bean container's image is unknown before it exists, so it is named, as in
		// Spring Boot's documentation; a @Container field's image names it.
		@Bean
		@ServiceConnection(name = "memcached")
		StubMemcachedContainer memcached() {
			return new StubMemcachedContainer("127.0.0.1", 21211);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LabelledContainer {

		// A @Bean container's image is unknown before it exists, so it is named, as in
		// Spring Boot's documentation; a @Container field's image names it.
		@Bean
		@ServiceConnection(name = "memcached")
		StubMemcachedContainer memcached() {
			return new StubMemcachedContainer("127.0.0.1", 21212).withLabel(MemcachedConnectionDetails.BACKEND_LABEL,
					"sessions");
		}

	}

}
