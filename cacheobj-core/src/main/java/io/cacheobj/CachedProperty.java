package io.cacheobj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link CachedValue} or {@link CachedCounter} as a property stored
 * in a cache backend.
 * <p>
 * On a {@link CacheEntity} the property's key is {@code {key-prefix}{entity}.{id}.{key}};
 * on any other Spring bean it is {@code {key-prefix}{class}.{key}}, and the field is set
 * when the bean is initialized.
 *
 * @since 0.1.0
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CachedProperty {

	/**
	 * Name of the backend that stores this property. May be a placeholder such as
	 * {@code ${app.sessions-backend:local}}.
	 * @return the backend name, or empty for the entity's backend, else
	 * {@code cacheobj.default-backend}
	 */
	String backend() default "";

	/**
	 * Last segment of the property's key.
	 * @return the key, or empty for the field name
	 */
	String key() default "";

	/**
	 * Time to live of every value written to this property, such as {@code 30s},
	 * {@code 10m} or {@code PT1H}; may be a placeholder such as {@code ${app.ttl:10m}}.
	 * @return the time to live, or empty for the entity's, else the backend's default
	 */
	String ttl() default "";

}
