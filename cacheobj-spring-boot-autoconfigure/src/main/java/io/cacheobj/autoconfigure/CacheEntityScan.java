package io.cacheobj.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.AliasFor;

/**
 * Names the packages whose {@link io.cacheobj.CacheEntity} types are checked at start-up,
 * instead of the application's auto-configuration packages (those of the
 * {@code @SpringBootApplication} class).
 * <p>
 * Entities outside these packages still work; they are only checked on first use.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(CacheEntityScanPackages.Registrar.class)
public @interface CacheEntityScan {

	/**
	 * Alias for {@link #basePackages()}.
	 * @return the base packages
	 */
	@AliasFor("basePackages")
	String[] value() default {};

	/**
	 * Packages to scan for entities, with their sub-packages.
	 * @return the base packages
	 */
	@AliasFor("value")
	String[] basePackages() default {};

	/**
	 * Classes whose packages are scanned, a type-safe alternative to
	 * {@link #basePackages()}.
	 * @return classes in the base packages
	 */
	Class<?>[] basePackageClasses() default {};

}
