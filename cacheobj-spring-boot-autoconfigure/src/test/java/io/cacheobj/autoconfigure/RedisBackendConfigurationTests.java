package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.backend.CacheBackend;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static io.cacheobj.testsupport.Failures.cause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link CacheObjAutoConfiguration} of {@code redis} backends that need no
 * server: settings refused at start-up and missing clients.
 */
class RedisBackendConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class);

	@Test
	void redisBackendWithoutUrlAndWithoutApplicationConnectionFactoryFails() {
		this.contextRunner.withPropertyValues("cacheobj.backends.r.type=redis").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("cacheobj.backends.r.url")
				.hasMessageContaining("no RedisConnectionFactory");
		});
	}

	@Test
	void urlAndClusterNodesTogetherFail() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://:pw@h:1",
					"cacheobj.backends.r.cluster-nodes=h:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("together with cacheobj.backends.r.cluster-nodes")
				.hasMessageNotContaining("pw"));
	}

	@Test
	void invalidUrlFailsWithoutShowingThePassword() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=http://user:hunter2@h:1")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("http://user:******@h:1")
				.hasMessageNotContaining("hunter2"));
	}

	@Test
	void unknownSslBundleFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=rediss://h:1",
					"cacheobj.backends.r.ssl-bundle=missing")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.ssl-bundle"));
	}

	@Test
	void redisBackendWithoutSpringDataRedisFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://h:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MissingBackendClientException.class)
				.hasMessageContaining("'r'"));
	}

	@Test
	void redisBackendWithoutLettuceFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://h:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MissingBackendClientException.class));
	}

	@Test
	void redisBackendsAreAbsentWithoutTheirClientButMemoryStillWorks() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(CacheBackend.class));
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
