package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.valid.Greeting;
import net.spy.memcached.MemcachedClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static io.cacheobj.testsupport.Failures.cause;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the {@link CacheObjAutoConfiguration} of {@code memcached} backends that need
 * no server: settings refused at start-up, a missing client, and a server that is down.
 */
class MemcachedBackendConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class);

	@Test
	void memcachedBackendWithoutServersFails() {
		this.contextRunner.withPropertyValues("cacheobj.backends.m.type=memcached")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("cacheobj.backends.m.servers")
				.hasMessageContaining("is not set"));
	}

	@Test
	void serverThatIsNotHostAndPortFails() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached", "cacheobj.backends.m.servers=localhost")
			.run((context) -> assertThat(cause(context.getStartupFailure(), InvalidCacheObjPropertyException.class))
				.hasMessageContaining("'localhost', which is not host:port"));
	}

	@Test
	void memcachedBackendWithoutSpymemcachedFailsNamingTheDependency() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MemcachedClient.class))
			.withPropertyValues("cacheobj.backends.m.type=memcached", "cacheobj.backends.m.servers=h:1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(MissingBackendClientException.class)
				.hasMessageContaining("'m'"));
	}

	@Test
	void applicationStartsWhileItsMemcachedServerIsDown() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.m.type=memcached", "cacheobj.backends.m.servers=127.0.0.1:1",
					"cacheobj.backends.m.timeout=200ms")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
