package io.cacheobj.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Annotation on a Spring test class whose backends are emptied before each test, so that
 * no test reads what another wrote.
 * <p>
 * Memory backends (those that {@link AutoConfigureCacheObj} put in place of remote ones
 * too) are always emptied. A redis or memcached backend is emptied only when the test
 * says that it started the server itself: the backend is named in {@link #remote()}, and
 * every server it connects to is on a loopback address. Any other backend stops the test
 * before anything is deleted: a clean-up never empties a shared or production server
 * because a test ran against it by mistake.
 * <p>
 * A memory or redis backend loses every key that starts with {@code cacheobj.key-prefix}
 * (every key when it is empty); a memcached backend's servers are flushed
 * ({@code flush_all}), since memcached cannot delete by prefix. A backend that the
 * application declared as a bean is emptied by its {@code deleteByPrefix} when it is
 * named in {@link #remote()}, and stops the test otherwise.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ClearCacheObjBackendsExtension.class)
public @interface ClearCacheObjBackends {

	/**
	 * Names of the redis, memcached and custom backends that the test started (on a
	 * loopback address) and that may be emptied.
	 * @return the backends' names
	 */
	String[] remote() default {};

}
