package io.cacheobj;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

/**
 * The dependency rules of {@code cacheobj-core}: API ← SPI ← backends, binding (with the
 * codecs and the near cache), decorators and the Spring cache adapter; each backend uses
 * the SPI and its own client only; no Spring Boot.
 * <p>
 * The rules read bytecode: a compile-time constant ({@code static final} primitive or
 * {@code String}) read from another package leaves no trace there and is not caught.
 */
@AnalyzeClasses(packages = "io.cacheobj",
		importOptions = { ImportOption.DoNotIncludeTests.class, ArchitectureTests.DoNotIncludeTestSupport.class })
class ArchitectureTests {

	private static final DescribedPredicate<JavaClass> EFFECTIVELY_PUBLIC = new DescribedPredicate<>(
			"public to every package") {

		@Override
		public boolean test(JavaClass type) {
			JavaClass current = type;
			while (current != null) {
				if (!current.getModifiers().contains(JavaModifier.PUBLIC)) {
					return false;
				}
				current = current.getEnclosingClass().orElse(null);
			}
			return true;
		}

	};

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
		.whereLayer("Binding")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Metrics")
		.mayOnlyAccessLayers("API", "SPI", "Binding")
		.whereLayer("Resilience")
		.mayOnlyAccessLayers("API", "SPI")
		.whereLayer("Spring cache")
		.mayOnlyAccessLayers("API", "SPI", "Binding");

	@ArchTest
	static final ArchRule backendsDoNotUseTheBinding = noClasses().that()
		.resideInAPackage("io.cacheobj.backend..")
		.should()
		.dependOnClassesThat()
		.resideInAPackage("io.cacheobj.binding..");

	/**
	 * The public surface beyond the API and the SPI: the binding's builder and the store
	 * other front-ends (cacheobj-jcache) sit on, the Spring cache manager and cache, one
	 * entry point per backend, the near cache's statistics, the meters' names and the
	 * circuit-breaker decorator. Public nested types are only builders.
	 */
	@ArchTest
	static final ArchRule publicSurfaceBeyondApiAndSpi = classes().that()
		.resideOutsideOfPackages("io.cacheobj", "io.cacheobj.backend")
		.and()
		.arePublic()
		.and()
		.areTopLevelClasses()
		.should()
		.haveFullyQualifiedName("io.cacheobj.binding.CacheObjBinding")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.binding.CacheObjStore")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.binding.NearCacheStatistics")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.cache.CacheObjCacheManager")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.cache.CacheObjCache")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.backend.memory.MemoryCacheBackend")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.backend.redis.RedisCacheBackend")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.backend.memcached.MemcachedCacheBackend")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.metrics.CacheObjMetrics")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.resilience.CircuitBreakerCacheBackend");

	/**
	 * Public nested types beyond the API and the SPI are builders, and the descriptions
	 * of entities that {@code CacheObjBinding.describeEntities()} answers with (for the
	 * Boot module's endpoint and the Spring cache's name checks). A public member of a
	 * type that is not itself public is not counted.
	 */
	@ArchTest
	static final ArchRule publicNestedTypesBeyondApiAndSpiAreBuilders = classes().that()
		.resideOutsideOfPackages("io.cacheobj", "io.cacheobj.backend")
		.and()
		.areNestedClasses()
		.and(EFFECTIVELY_PUBLIC)
		.should()
		.haveSimpleNameEndingWith("Builder")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.binding.CacheObjBinding$EntityDescription")
		.orShould()
		.haveFullyQualifiedName("io.cacheobj.binding.CacheObjBinding$PropertyDescription");

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
