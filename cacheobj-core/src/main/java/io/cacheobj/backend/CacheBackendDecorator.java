package io.cacheobj.backend;

/**
 * Wraps every backend as properties use it: the hook for cross-cutting behaviour such as
 * cacheobj's own circuit breakers and timers, tracing, or an application's policy.
 * <p>
 * Declare an implementation as a Spring bean and cacheobj applies it to every backend,
 * those under {@code cacheobj.backends} and those the application declares as beans
 * alike. Decorators are applied in {@link org.springframework.core.Ordered order}, the
 * first innermost; cacheobj's circuit breaker comes first, its timers last. A decorator
 * must pass every call on (or fail it with a {@link io.cacheobj.CacheBackendException})
 * and must not change keys or values: properties rely on what the backend returns. The
 * near cache sits outside every decorator, so a local hit reaches none of them.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface CacheBackendDecorator {

	/**
	 * Wrap a backend.
	 * @param name the backend's name
	 * @param backend the backend, possibly already wrapped by earlier decorators
	 * @return the backend to use, possibly {@code backend} itself
	 */
	CacheBackend decorate(String name, CacheBackend backend);

}
