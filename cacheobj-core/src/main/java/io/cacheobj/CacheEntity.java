package io.cacheobj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class or record whose {@link CachedProperty} fields are bound to cache keys by
 * a {@link CacheEntityRepository}.
 * <p>
 * Each property of an entity with id {@code 10} lives under the key
 * {@code {key-prefix}{name}.10.{property key}}, the layout of the Python library
 * {@code cacheobj}, so both read the same cache. A class needs a no-argument constructor
 * of any visibility; a record is built through its canonical constructor, each component
 * being either the {@link CacheId} or a {@link CachedProperty}.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheEntity {

	/**
	 * Key namespace of the entity.
	 * @return the name, or empty for the simple class name
	 */
	String name() default "";

	/**
	 * Backend of every property that does not name its own; may be a placeholder such as
	 * {@code ${app.backend:local}}.
	 * @return the backend name, or empty for {@code cacheobj.default-backend}
	 */
	String backend() default "";

	/**
	 * Time to live of every property that does not set its own, such as {@code 30s},
	 * {@code 10m} or {@code PT1H}; may be a placeholder.
	 * @return the time to live, or empty for the backend's default
	 */
	String ttl() default "";

}
