package io.cacheobj;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The dependency rules of {@code cacheobj-core}: API ← SPI ← backends, codecs, binding,
 * decorators and the Spring cache adapter; each backend uses the SPI and its own client
 * only; no Spring Boot.
 * <p>
 * The rules read bytecode: a compile-time constant ({@code static final} primitive or
 * {@code String}) read from another package leaves no trace there and is not caught.
 */
@AnalyzeClasses(packages = "io.cacheobj",
		importOptions = { ImportOption.DoNotIncludeTests.class, ArchitectureTests.DoNotIncludeTestSupport.class })
class ArchitectureTests {

	@ArchTest
	static final ArchRule dependenciesPointInward = layeredArchitecture().consideringOnlyDependenciesInLayers()
		.layer("API")
		.definedBy("io.cacheobj")
		.layer("SPI")
		.definedBy("io.cacheobj.backend")
		.layer("Memory backend")
		.definedBy("io.cacheobj.backend.memory")
		.layer("Redis backend")
		.definedBy("io.cacheobj.backend.redis")
		.layer("Memcached backend")
		.definedBy("io.cacheobj.backend.memcached")
		.layer("Codecs")
		.definedBy("io.cacheobj.codec")
		.layer("Binding")
		.definedBy("io.cacheobj.binding")
		.layer("Metrics")
		.definedBy("io.cacheobj.metrics")
		.layer("Resilience")
		.definedBy("io.cacheobj.resilience")
		.layer("Spring cache")
		.definedBy("io.cacheobj.cache")
		.whereLayer("API")
		.mayNotAccessAnyLayer()
		.whereLayer("SPI")
		.mayOnlyAccessLayers("API")
		.whereLayer("Memory backend")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Redis backend")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Memcached backend")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Codecs")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Binding")
		.mayOnlyAccessLayers("API", "SPI", "Codecs")
		.whereLayer("Metrics")
		.mayOnlyAccessLayers("API", "SPI", "Binding")
		.whereLayer("Resilience")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Spring cache")
		.mayOnlyAccessLayers("API", "SPI", "Codecs", "Binding");

	@ArchTest
	static final ArchRule backendsUseNeitherCodecsNorBinding = noClasses().that()
		.resideInAPackage("io.cacheobj.backend..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.cacheobj.codec..", "io.cacheobj.binding..");

	@ArchTest
	static final ArchRule noSpringBoot = noClasses().should()
		.dependOnClassesThat()
		.resideInAPackage("org.springframework.boot..");

	@ArchTest
	static final ArchRule lettuceAndSpringDataRedisOnlyInTheRedisBackend = noClasses().that()
		.resideOutsideOfPackage("io.cacheobj.backend.redis")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce..", "org.springframework.data.redis..");

	@ArchTest
	static final ArchRule spymemcachedOnlyInTheMemcachedBackend = noClasses().that()
		.resideOutsideOfPackage("io.cacheobj.backend.memcached")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("net.spy.memcached..");

	@ArchTest
	static final ArchRule micrometerOnlyInMetrics = noClasses().that()
		.resideOutsideOfPackage("io.cacheobj.metrics")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.micrometer..");

	@ArchTest
	static final ArchRule resilience4jOnlyInResilience = noClasses().that()
		.resideOutsideOfPackage("io.cacheobj.resilience")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.github.resilience4j..");

	/**
	 * Leaves out the real-server test support, module {@code cacheobj-test-support}: it
	 * is on the test classpath as a jar (or classes directory), not in
	 * {@code test-classes}.
	 */
	static class DoNotIncludeTestSupport implements ImportOption {

		@Override
		public boolean includes(Location location) {
			return !location.contains("/io/cacheobj/testsupport/");
		}

	}

}
