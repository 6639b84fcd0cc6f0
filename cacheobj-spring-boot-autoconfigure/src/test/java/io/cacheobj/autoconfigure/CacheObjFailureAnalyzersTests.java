package io.cacheobj.autoconfigure;

import io.cacheobj.CacheEntityDefinitionException;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for the failure analyzers of cacheobj, and for the reports an application prints
 * when its configuration is wrong.
 */
@ExtendWith(OutputCaptureExtension.class)
class CacheObjFailureAnalyzersTests {

	@Test
	void definitionFailureSaysWhatWhereAndWhatToDo() {
		FailureAnalysis analysis = new CacheEntityDefinitionFailureAnalyzer().analyze(
				new CacheEntityDefinitionException("@CachedProperty field 'a.B.c' uses backend 'x'", "Declare it."));
		assertThat(analysis.getDescription())
			.isEqualTo("Invalid cacheobj definition: @CachedProperty field 'a.B.c' uses backend 'x'.");
		assertThat(analysis.getAction()).isEqualTo("Declare it.");
	}

	@Test
	void invalidPropertyFailureNamesPropertyAndValue() {
		FailureAnalysis analysis = new InvalidCacheObjPropertyFailureAnalyzer()
			.analyze(new InvalidCacheObjPropertyException("cacheobj.default-backend", "redis", "names no backend",
					"Fix it."));
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid cacheobj configuration: Property 'cacheobj.default-backend' with value 'redis' names no backend.");
		assertThat(analysis.getAction()).isEqualTo("Fix it.");
	}

	@Test
	void missingClientFailureNamesTheDependencyToAdd() {
		FailureAnalysis redis = new MissingBackendClientFailureAnalyzer()
			.analyze(new MissingBackendClientException("sessions", BackendType.REDIS));
		assertThat(redis.getDescription()).contains("'sessions'", "cacheobj.backends.sessions.type=redis",
				"Spring Data Redis");
		assertThat(redis.getAction()).contains("org.springframework.data:spring-data-redis", "io.lettuce:lettuce-core");
		FailureAnalysis memcached = new MissingBackendClientFailureAnalyzer()
			.analyze(new MissingBackendClientException("m", BackendType.MEMCACHED));
		assertThat(memcached.getAction()).contains("net.spy:spymemcached");
		FailureAnalysis memory = new MissingBackendClientFailureAnalyzer()
			.analyze(new MissingBackendClientException("m", BackendType.MEMORY));
		assertThat(memory.getAction()).contains("com.github.ben-manes.caffeine:caffeine");
	}

	@Test
	void unsupportedClientVersionsNameWhatIsFoundWhatIsSupportedAndWhatToDo() {
		FailureAnalysis analysis = new UnsupportedClientVersionFailureAnalyzer()
			.analyze(new BeanCreationException("redis",
					new UnsupportedClientVersionException("4.0.6", "7.5.2.RELEASE", RedisClientVersions.SUPPORTED)));
		assertThat(analysis.getDescription()).isEqualTo(
				"The application's Redis clients are Spring Data Redis 4.0.6 with Lettuce 7.5.2.RELEASE, which cacheobj's"
						+ " redis backends do not run on. They run on Spring Data Redis 4.0.x with Lettuce 6.8.x or a"
						+ " later 6.x (as Spring Boot 4.0.x manages them), and Spring Data Redis 4.1.x or a later 4.x"
						+ " with Lettuce 7.x (as Spring Boot 4.1.x manages them).");
		assertThat(analysis.getAction()).contains("org.springframework.data:spring-data-redis",
				"io.lettuce:lettuce-core", "lettuce.version");
	}

	@Test
	void everyAnalyzerIsRegistered() {
		// Boot's own analyzers that take constructor arguments are left out.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (type, implementation, failure) -> {
			})).hasAtLeastOneElementOfType(CacheEntityDefinitionFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(InvalidCacheObjPropertyFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(MissingBackendClientFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(UnsupportedClientVersionFailureAnalyzer.class);
	}

	@Test
	void applicationWithUnknownBackendTypePrintsTheValidTypes(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--cacheobj.backends.x.type=mongo"));
		assertThat(output).contains("APPLICATION FAILED TO START", "cacheobj.backends.x.type", "mongo", "MEMCACHED",
				"MEMORY", "REDIS");
	}

	@Test
	void applicationWithUnknownDefaultBackendPrintsTheReport(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--cacheobj.default-backend=nowhere"));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Property 'cacheobj.default-backend' with value 'nowhere' names no backend",
				"Set cacheobj.default-backend to one of [memory]");
	}

	@Test
	void applicationWithUnparsableTtlPrintsTheReport(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run("--cacheobj.backends.x.type=memory", "--cacheobj.backends.x.default-ttl=forever"));
		assertThat(output).contains("APPLICATION FAILED TO START", "cacheobj.backends.x.default-ttl", "forever");
	}

	private static void run(String... args) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args).close();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(CacheObjAutoConfiguration.class)
	static class EmptyConfiguration {

	}

}
