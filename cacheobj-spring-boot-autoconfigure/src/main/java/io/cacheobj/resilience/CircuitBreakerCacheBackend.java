package io.cacheobj.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link CacheBackend} that stops calling a backend that keeps failing: while the
 * circuit breaker is open, every call fails at once with a {@link CacheBackendException}
 * instead of waiting for the backend's timeout; after a while a few calls probe the
 * backend, and the breaker closes again when they succeed.
 * <p>
 * Only {@link CacheBackendException}s (and exceptions a custom backend throws of its own)
 * count as failures: a value that does not decode proves the server answered.
 * {@link #check()} bypasses the breaker, so health shows the server's real state, and
 * adds the breaker's state to it.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerCacheBackend implements CacheBackend {

	private final String name;

	private final CacheBackend delegate;

	private final CircuitBreaker breaker;

	private CircuitBreakerCacheBackend(String name, CacheBackend delegate, CircuitBreaker breaker) {
		this.name = name;
		this.delegate = delegate;
		this.breaker = breaker;
	}

	/**
	 * Put a circuit breaker around a backend.
	 * @param name the backend's name, used in messages
	 * @param delegate the backend
	 * @param breaker the circuit breaker, used by this backend only
	 * @return the guarded backend
	 */
	public static CacheBackend decorate(String name, CacheBackend delegate, CircuitBreaker breaker) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(breaker, "'breaker' must not be null");
		return new CircuitBreakerCacheBackend(name, delegate, breaker);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		return call(key, () -> this.delegate.get(key));
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		return call(keys.iterator().next(), () -> this.delegate.getAll(keys));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		call(key, () -> {
			this.delegate.set(key, value, ttl);
			return null;
		});
	}

	@Override
	public boolean delete(String key) {
		return call(key, () -> this.delegate.delete(key));
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		return call(keys.iterator().next(), () -> this.delegate.deleteAll(keys));
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return call(key, () -> this.delegate.increment(key, delta, ttl));
	}

	@Override
	public Map<String, Object> check() {
		Map<String, Object> checked;
		try {
			checked = this.delegate.check();
		}
		catch (RuntimeException ex) {
			throw new CacheBackendException(ex.getMessage() + " (circuit breaker " + this.breaker.getState() + ")", ex);
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("circuitBreaker", this.breaker.getState().name());
		details.putAll(checked);
		return details;
	}

	private <T> T call(String key, Supplier<T> operation) {
		if (!this.breaker.tryAcquirePermission()) {
			throw new CacheBackendException("Backend '" + this.name + "' is not called for key '" + key
					+ "': its circuit breaker is " + this.breaker.getState() + " after repeated failures", null);
		}
		long start = this.breaker.getCurrentTimestamp();
		try {
			T result = operation.get();
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			return result;
		}
		catch (CacheBackendException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			throw ex;
		}
		catch (CacheObjException ex) {
			this.breaker.onSuccess(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit());
			throw ex;
		}
		catch (RuntimeException ex) {
			this.breaker.onError(this.breaker.getCurrentTimestamp() - start, this.breaker.getTimestampUnit(), ex);
			throw ex;
		}
	}

	@Override
	public String toString() {
		return "CircuitBreakerCacheBackend[" + this.delegate + "]";
	}

}
