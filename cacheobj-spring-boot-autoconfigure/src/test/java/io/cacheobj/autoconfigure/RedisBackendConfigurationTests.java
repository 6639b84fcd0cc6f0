package io.cacheobj.autoconfigure;

import java.time.Duration;

import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.backend.CacheBackend;
import io.lettuce.core.ReadFrom;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.util.ReflectionTestUtils;

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
	void sentinelTogetherWithUrlFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://:pw@h:1",
					"cacheobj.backends.r.sentinel.master=mymaster", "cacheobj.backends.r.sentinel.nodes=h:26379")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidCacheObjPropertyException.class)
				.hasMessageContaining("together with cacheobj.backends.r.sentinel")
				.hasMessageNotContaining("pw"));
	}

	@Test
	void sentinelWithoutMasterFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.sentinel.nodes=h:26379")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.sentinel.master")
				.hasMessageContaining("is not set"));
	}

	@Test
	void sentinelWithoutNodesFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.sentinel.master=mymaster")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.sentinel.nodes"));
	}

	@Test
	void sentinelNodeThatIsNotHostAndPortFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.sentinel.master=mymaster",
					"cacheobj.backends.r.sentinel.nodes=h:26379,h2")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("'h2', which is not host:port"));
	}

	@Test
	void sentinelSettingsBuildASentinelConnectionFactoryWithItsPasswordsAndReadFrom() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.sentinel.master=mymaster",
					"cacheobj.backends.r.sentinel.nodes=127.0.0.1:1,127.0.0.1:2",
					"cacheobj.backends.r.sentinel.password=sentinel-secret", "cacheobj.backends.r.password=data-secret",
					"cacheobj.backends.r.read-from=replica-preferred")
			.run((context) -> {
				LettuceConnectionFactory factory = (LettuceConnectionFactory) ReflectionTestUtils
					.getField(context.getBean("r", CacheBackend.class), "connectionFactory");
				RedisSentinelConfiguration sentinel = factory.getSentinelConfiguration();
				assertThat(sentinel.getMaster().getName()).isEqualTo("mymaster");
				assertThat(sentinel.getSentinels()).hasSize(2);
				assertThat(sentinel.getSentinelPassword().get()).isEqualTo("sentinel-secret".toCharArray());
				assertThat(sentinel.getPassword().get()).isEqualTo("data-secret".toCharArray());
				assertThat(factory.getClientConfiguration().getReadFrom()).contains(ReadFrom.REPLICA_PREFERRED);
				assertThat(context.getBean(CacheBackendSettings.class)
					.describe("r", context.getBean("r", CacheBackend.class)))
					.containsEntry("target", "sentinel mymaster at 127.0.0.1:1,127.0.0.1:2");
			});
	}

	@Test
	void clusterNodesGetAPeriodicRefreshOfTwoSecondsUnlessSet() {
		this.contextRunner.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.cluster-nodes=h:1")
			.run((context) -> assertThat(context.getBean(PropertiesCacheBackendSettings.class).get("r").redis())
				.satisfies((redis) -> {
					assertThat(redis.clusterRefreshPeriod()).isEqualTo(Duration.ofSeconds(2));
					assertThat(redis.readFrom()).isEqualTo(CacheObjBackendProperties.ReadFrom.UPSTREAM);
				}));
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.cluster-nodes=h:1",
					"cacheobj.backends.r.cluster-refresh-period=10s")
			.run((context) -> assertThat(context.getBean(PropertiesCacheBackendSettings.class).get("r").redis())
				.satisfies((redis) -> assertThat(redis.clusterRefreshPeriod()).isEqualTo(Duration.ofSeconds(10))));
	}

	@Test
	void clusterRefreshPeriodWithoutClusterNodesFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://h:1",
					"cacheobj.backends.r.cluster-refresh-period=10s")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.cluster-refresh-period")
				.hasMessageContaining("cluster-nodes only"));
	}

	@Test
	void readFromWithUrlFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://h:1",
					"cacheobj.backends.r.read-from=replica")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.read-from")
				.hasMessageContaining("has a url"));
	}

	@Test
	void readFromOnAMemcachedBackendFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached", "cacheobj.backends.m.servers=h:1",
					"cacheobj.backends.m.read-from=replica", "cacheobj.backends.m.sentinel.master=x")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.m.sentinel")
				.hasMessageContaining("does not apply to a memcached backend (nor do read-from)"));
	}

	@Test
	void nearCacheWithReplicaReadsFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.cluster-nodes=h:1",
					"cacheobj.backends.r.read-from=replica-preferred", "cacheobj.backends.r.near-cache.enabled=true")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.r.near-cache.enabled")
				.hasMessageContaining("read-from replica-preferred")
				.extracting("action")
				.asString()
				.contains("Set cacheobj.backends.r.read-from to upstream or upstream-preferred"));
	}

	@Test
	void passwordWithoutClusterNodesOrSentinelFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=redis://h:1",
					"cacheobj.backends.r.password=pw")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("without cluster-nodes or sentinel")
				.hasMessageNotContaining("=pw"));
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
