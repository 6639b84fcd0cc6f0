package io.cacheobj.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Annotation on a test class that imports cacheobj's auto-configuration and, unless
 * {@link #replace()} is {@link Replace#NONE NONE}, replaces every configured redis and
 * memcached backend by a memory backend of the same name, as
 * {@code @AutoConfigureTestDatabase} replaces data sources. The backends' settings are
 * still checked, so a test catches a bad setting; nothing connects to their servers.
 * <p>
 * Sets {@code cacheobj.test.replace} to {@code any} or {@code none}, which cacheobj's
 * auto-configuration reads; the annotation nearest the test class wins, so
 * {@code @AutoConfigureCacheObj(replace = Replace.NONE)} on a {@link CacheObjTest} keeps
 * the backends. The auto-configurations it imports are listed in
 * {@code META-INF/spring/io.cacheobj.test.autoconfigure.AutoConfigureCacheObj.imports}.
 *
 * @since 0.1.0
 * @see CacheObjTest
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureCacheObj {

	/**
	 * Which configured backends to replace by memory backends.
	 * @return the backends to replace
	 */
	Replace replace() default Replace.ANY;

	/**
	 * Which configured backends to replace.
	 */
	enum Replace {

		/**
		 * Replace every redis and memcached backend by a memory backend of the same name,
		 * with its default time to live and failure policies.
		 */
		ANY,

		/**
		 * Keep every backend as configured: the test needs its servers.
		 */
		NONE

	}

}
