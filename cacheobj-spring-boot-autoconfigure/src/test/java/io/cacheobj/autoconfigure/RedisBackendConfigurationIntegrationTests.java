package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.ServerProcess;
import io.cacheobj.testsupport.TestCertificates;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the {@code redis} backends of {@link CacheObjAutoConfiguration}, against real
 * Redis servers.
 */
class RedisBackendConfigurationIntegrationTests {

	private static ManagedServer redis;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class);

	@BeforeAll
	static void startServer(@RealServer(Kind.REDIS) ManagedServer server) {
		redis = server;
	}

	@Test
	void redisBackendWithUrlStoresOnThatServer() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redis.port() + "/3")
			.run((context) -> {
				assertThat(context.getBean("redis")).isInstanceOf(RedisCacheBackend.class);
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "url").text().set("hello");
				assertThat(redis.send("SELECT 3\r\nGET Greeting.url.text")).contains("hello");
			});
	}

	@Test
	void backendsThatConnectThemselvesShareOneSetOfClientResourcesShutDownWithTheLast() {
		ClientResources[] shared = new ClientResources[1];
		this.contextRunner
			.withPropertyValues("cacheobj.default-backend=one", "cacheobj.backends.one.type=redis",
					"cacheobj.backends.one.url=redis://127.0.0.1:" + redis.port(), "cacheobj.backends.two.type=redis",
					"cacheobj.backends.two.url=redis://127.0.0.1:" + redis.port() + "/1")
			.run((context) -> {
				shared[0] = clientResources(context.getBean("one"));
				ClientResources two = clientResources(context.getBean("two"));
				assertThat(shared[0].eventExecutorGroup()).isSameAs(two.eventExecutorGroup());
				assertThat(shared[0].timer()).isSameAs(two.timer());
				// Each its own events, so that each counts its own reconnects.
				assertThat(shared[0].eventBus()).isNotSameAs(two.eventBus());
				assertThat(shared[0].eventExecutorGroup().isShuttingDown()).isFalse();
			});
		assertThat(shared[0].eventExecutorGroup().isShuttingDown()).isTrue();
	}

	@Test
	void backendsUseTheApplicationsClientResourcesAndLeaveThemRunning() {
		ClientResources application = DefaultClientResources.create();
		try {
			this.contextRunner.withBean(ClientResources.class, () -> application)
				.withPropertyValues("cacheobj.backends.one.type=redis",
						"cacheobj.backends.one.url=redis://127.0.0.1:" + redis.port())
				.run((context) -> {
					ClientResources resources = clientResources(context.getBean("one"));
					assertThat(resources.eventExecutorGroup()).isSameAs(application.eventExecutorGroup());
					assertThat(resources.timer()).isSameAs(application.timer());
					context.getBean(CacheEntityRepository.class).get(Greeting.class, "resources").text().set("hi");
					assertThat(redis.send("GET Greeting.resources.text")).contains("hi");
				});
			assertThat(application.eventExecutorGroup().isShuttingDown()).isFalse();
		}
		finally {
			application.shutdown();
		}
	}

	private static ClientResources clientResources(Object backend) {
		LettuceConnectionFactory factory = (LettuceConnectionFactory) ReflectionTestUtils.getField(backend,
				"connectionFactory");
		assertThat(factory).isNotNull();
		return factory.getClientResources();
	}

	@Test
	void redisBackendUsesApplicationConnectionFactoryWhenUrlIsAbsent() {
		LettuceConnectionFactory application = RedisTestSupport.connectionFactory(redis, Duration.ofSeconds(2));
		try {
			this.contextRunner.withBean(RedisConnectionFactory.class, () -> application)
				.withPropertyValues("cacheobj.backends.shared.type=redis")
				.run((context) -> {
					context.getBean(CacheEntityRepository.class).get(Greeting.class, "shared").text().set("hi");
					assertThat(redis.send("GET Greeting.shared.text")).contains("hi");
				});
		}
		finally {
			application.destroy();
		}
	}

	@Test
	void springDataRedisPropertiesReachTheBackendThroughBootsConnectionFactory() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + redis.port(),
					"spring.data.redis.database=4", "cacheobj.backends.boot.type=redis")
			.run((context) -> {
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "boot").text().set("booted");
				assertThat(redis.send("SELECT 4\r\nGET Greeting.boot.text")).contains("booted");
			});
	}

	@Test
	void severalRedisBackendsOnDifferentServersCoexist(@RealServer(Kind.REDIS) ManagedServer other) {
		this.contextRunner
			.withPropertyValues("cacheobj.default-backend=one", "cacheobj.backends.one.type=redis",
					"cacheobj.backends.one.url=redis://127.0.0.1:" + redis.port(), "cacheobj.backends.two.type=redis",
					"cacheobj.backends.two.url=redis://127.0.0.1:" + other.port(), "cacheobj.default-backend=two")
			.run((context) -> {
				context.getBean("one", CacheBackend.class)
					.set("coexist", io.cacheobj.backend.StoredValue.of("1".getBytes()), null);
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "two").text().set("2");
				assertThat(redis.send("GET coexist")).contains("1");
				assertThat(other.send("GET coexist")).startsWith("$-1");
				assertThat(other.send("GET Greeting.two.text")).contains("2");
				assertThat(redis.send("GET Greeting.two.text")).startsWith("$-1");
			});
	}

	@Test
	void clusterNodesConnectToACluster(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		String clusterNodes = String.join(",", nodes.stream().map((node) -> "127.0.0.1:" + node.port()).toList());
		this.contextRunner
			.withPropertyValues("cacheobj.backends.cluster.type=redis",
					"cacheobj.backends.cluster.cluster-nodes=" + clusterNodes)
			.run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				for (int i = 0; i < 20; i++) {
					repository.get(Greeting.class, "c" + i).text().set("v" + i);
				}
				List<Greeting> loaded = repository.loadAll(Greeting.class,
						java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "c" + i).toList());
				assertThat(loaded).extracting((greeting) -> greeting.text().getCached())
					.containsExactlyElementsOf(
							java.util.stream.IntStream.range(0, 20).mapToObj((i) -> "v" + i).toList());
			});
	}

	@Test
	void passwordInUrlAuthenticates(
			@RealServer(value = Kind.REDIS, arguments = { "--requirepass", "s3cret" }) ManagedServer secured) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.secured.type=redis",
					"cacheobj.backends.secured.url=redis://:s3cret@127.0.0.1:" + secured.port())
			.run((context) -> {
				context.getBean(CacheEntityRepository.class).get(Greeting.class, "pw").text().set("ok");
				assertThat(context.getBean(CacheEntityRepository.class).get(Greeting.class, "pw").text().get())
					.isEqualTo("ok");
			});
	}

	@Test
	void aclUserInUrlAuthenticates(@RealServer(value = Kind.REDIS, arguments = { "--user", "default", "off", "--user",
			"app", "on", ">app-pw", "~Greeting.*", "+@all" }) ManagedServer acl) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.acl.type=redis",
					"cacheobj.backends.acl.url=redis://app:app-pw@127.0.0.1:" + acl.port())
			.run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				repository.get(Greeting.class, "acl").text().set("as app");
				assertThat(repository.get(Greeting.class, "acl").text().get()).isEqualTo("as app");
				assertThat(acl.send("AUTH app app-pw\r\nGET Greeting.acl.text")).contains("as app");
			});
	}

	@Test
	void wrongPasswordFailsOnUseWithoutStoppingTheApplicationOrShowingThePassword(
			@RealServer(value = Kind.REDIS, arguments = { "--requirepass", "s3cret" }) ManagedServer secured) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.secured.type=redis",
					"cacheobj.backends.secured.url=redis://:wrong-pw@127.0.0.1:" + secured.port())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatExceptionOfType(CacheBackendException.class)
					.isThrownBy(
							() -> context.getBean(CacheEntityRepository.class).get(Greeting.class, "pw").text().get())
					.withMessageContaining("'secured'")
					.withMessageNotContaining("wrong-pw");
			});
	}

	@Test
	void redissWithPasswordAndSslBundleTalksTls() {
		TestCertificates certificates = TestCertificates.generate();
		int tlsPort = ServerProcess.freePort();
		try (ManagedServer tls = io.cacheobj.testsupport.TestServers.redis("--tls-port", Integer.toString(tlsPort),
				"--tls-cert-file", certificates.serverCertificate().toString(), "--tls-key-file",
				certificates.serverKey().toString(), "--tls-ca-cert-file", certificates.caCertificate().toString(),
				"--tls-auth-clients", "no", "--requirepass", "tls-pw")) {
			this.contextRunner.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues(
						"spring.ssl.bundle.pem.redis-tls.truststore.certificate=file:" + certificates.caCertificate(),
						"cacheobj.backends.tls.type=redis",
						"cacheobj.backends.tls.url=rediss://:tls-pw@127.0.0.1:" + tlsPort,
						"cacheobj.backends.tls.ssl-bundle=redis-tls")
				.run((context) -> {
					CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
					repository.get(Greeting.class, "tls").text().set("encrypted");
					assertThat(repository.get(Greeting.class, "tls").text().get()).isEqualTo("encrypted");
					assertThat(tls.send("AUTH tls-pw\r\nGET Greeting.tls.text")).contains("encrypted");
				});
		}
	}

	@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
