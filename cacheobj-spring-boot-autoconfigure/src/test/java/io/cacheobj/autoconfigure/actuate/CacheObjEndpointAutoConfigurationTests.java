package io.cacheobj.autoconfigure.actuate;

import java.time.Duration;

import io.cacheobj.actuate.CacheObjEndpoint;
import io.cacheobj.actuate.CacheObjEndpoint.CacheObjDescriptor;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding.EntityDescription;
import io.cacheobj.binding.CacheObjBinding.PropertyDescription;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CacheObjEndpointAutoConfiguration}.
 */
class CacheObjEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjEndpointAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withPropertyValues("management.endpoints.web.exposure.include=cacheobj");

	@Test
	void endpointListsEntitiesAndBackendsWithoutCredentials() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.local.default-ttl=90s",
					"cacheobj.backends.remote.type=redis",
					"cacheobj.backends.remote.url=redis://app:hunter2@cache:6379/1", "cacheobj.default-backend=local")
			.run((context) -> {
				CacheObjDescriptor descriptor = context.getBean(CacheObjEndpoint.class).describe();
				assertThat(descriptor.entities()).extracting(EntityDescription::name).containsExactly("Greeting");
				EntityDescription greeting = descriptor.entities().get(0);
				assertThat(greeting.type()).isEqualTo(Greeting.class.getName());
				assertThat(greeting.idType()).isEqualTo(String.class.getName());
				assertThat(greeting.properties()).containsExactly(new PropertyDescription("text", "Greeting.{id}.text",
						String.class.getName(), "local", Duration.ofSeconds(90)));
				assertThat(descriptor.backends().get("local")).containsEntry("type", "memory");
				assertThat(descriptor.backends().get("remote")).containsEntry("type", "redis")
					.containsEntry("target", "redis://app:******@cache:6379/1");
				assertThat(descriptor.toString()).doesNotContain("hunter2");
			});
	}

	@Test
	void endpointIsAbsentWhenNotExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(CacheObjEndpoint.class));
	}

	@Test
	void passwordsAndUrlCredentialsAreSanitized() {
		this.contextRunner.run((context) -> {
			SanitizingFunction function = context.getBean("cacheObjSanitizingFunction", SanitizingFunction.class);
			assertThat(function.apply(data("cacheobj.backends.r.password", "s3cret")).getValue())
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(function.apply(data("cacheobj.backends.r.url", "rediss://u:s3cret@h:1")).getValue())
				.isEqualTo("rediss://u:******@h:1");
			assertThat(function.apply(data("cacheobj.key-prefix", "app:")).getValue()).isEqualTo("app:");
			assertThat(function.apply(data("other.password", "kept")).getValue()).isEqualTo("kept");
		});
	}

	@Test
	void valuesThatCacheobjSettingsTakeFromPlaceholdersAreSanitizedWherever() {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.r.type=redis", "cacheobj.backends.r.url=${MY_REDIS_URL}",
					"MY_REDIS_URL=redis://:s3cret@127.0.0.1:1/0", "cacheobj.backends.s.type=redis",
					"cacheobj.backends.s.sentinel.master=m",
					"cacheobj.backends.s.sentinel.nodes=${app.sentinels:127.0.0.1:2}",
					"cacheobj.backends.s.sentinel.password=${SENTINEL_PASSWORD:${fallback-password:none}}",
					"cacheobj.backends.s.password=${data.password}", "data.password=pw2", "SENTINEL_PASSWORD=pw3",
					"unrelated=redis://:kept@h:1", "cacheobj.default-backend=r")
			.run((context) -> {
				SanitizingFunction function = context.getBean("cacheObjSanitizingFunction", SanitizingFunction.class);
				assertThat(function.apply(data("MY_REDIS_URL", "redis://:s3cret@127.0.0.1:1/0")).getValue())
					.isEqualTo("redis://:******@127.0.0.1:1/0");
				assertThat(function.apply(data("my-redis.url", "redis://u:s3cret@h:1")).getValue())
					.isEqualTo("redis://u:******@h:1");
				assertThat(function.apply(data("SENTINEL_PASSWORD", "pw3")).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(function.apply(data("fallback-password", "pw4")).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(function.apply(data("DATA_PASSWORD", "pw2")).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
				assertThat(function.apply(data("app.sentinels", "127.0.0.1:2")).getValue()).isEqualTo("127.0.0.1:2");
				assertThat(function.apply(data("unrelated", "redis://:kept@h:1")).getValue())
					.isEqualTo("redis://:kept@h:1");
			});
	}

	private static SanitizableData data(String key, Object value) {
		return new SanitizableData(null, key, value);
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
