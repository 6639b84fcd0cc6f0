package io.cacheobj.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.autoconfigure.OverrideAutoConfiguration;
import org.springframework.boot.test.context.filter.annotation.TypeExcludeFilters;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.core.annotation.AliasFor;
import org.springframework.core.env.Environment;
import org.springframework.test.context.BootstrapWith;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Annotation for a test of an application's cacheobj entities: a slice with cacheobj's
 * auto-configuration only, as {@code @DataRedisTest} is for Spring Data Redis. The
 * context holds the backends, the {@link io.cacheobj.CacheEntityRepository} for the
 * application's {@code @CacheEntity} classes (those of its packages, or of
 * {@code @CacheEntityScan}), and the Spring cache when the application's
 * {@code @SpringBootConfiguration} class enables caching; nothing else of the application
 * is scanned: {@code @Component}, {@code @Service} and other beans are left out unless
 * {@link #includeFilters()} or {@code @Import} brings them in.
 * <p>
 * Every redis and memcached backend is replaced by a memory backend of the same name (see
 * {@link AutoConfigureCacheObj}); add
 * {@code @AutoConfigureCacheObj(replace = Replace.NONE)} to keep them.
 *
 * @since 0.1.0
 * @see ClearCacheObjBackends
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@BootstrapWith(CacheObjTestContextBootstrapper.class)
@ExtendWith(SpringExtension.class)
@OverrideAutoConfiguration(enabled = false)
@TypeExcludeFilters(CacheObjTypeExcludeFilter.class)
@AutoConfigureCacheObj
@ImportAutoConfiguration
public @interface CacheObjTest {

	/**
	 * Properties in form {@literal key=value} that are added to the {@link Environment}
	 * before the test runs.
	 * @return the properties to add
	 */
	String[] properties() default {};

	/**
	 * Whether the default filters are used with {@code @SpringBootApplication}; they
	 * include no bean of the application.
	 * @return whether to use the default filters
	 */
	boolean useDefaultFilters() default true;

	/**
	 * A set of include filters that add beans of the application to the context, such as
	 * a {@code @Service} whose {@code @CachedProperty} fields the test reads.
	 * @return the include filters
	 */
	Filter[] includeFilters() default {};

	/**
	 * A set of exclude filters that leave beans out of the context that would otherwise
	 * be in it.
	 * @return the exclude filters
	 */
	Filter[] excludeFilters() default {};

	/**
	 * Auto-configuration exclusions for this test.
	 * @return the auto-configuration classes to exclude
	 */
	@AliasFor(annotation = ImportAutoConfiguration.class, attribute = "exclude")
	Class<?>[] excludeAutoConfiguration() default {};

}
