package io.cacheobj;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the field or record component of a {@link CacheEntity} that receives the id the
 * entity was obtained with.
 * <p>
 * The id is converted to the field's type ({@code Long}, {@code Integer}, {@code String},
 * {@code UUID}, or any type Spring's conversion service handles). An entity without a
 * {@code @CacheId} still works: the id is then only part of its keys.
 *
 * @since 0.1.0
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CacheId {

}
