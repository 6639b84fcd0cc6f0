package io.cacheobj.resilience;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
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
 * <p>
 * A call still waiting counts too: when calls have been waiting for the breaker's
 * slow-call duration threshold and none has returned meanwhile (a frozen server, or a
 * connection waiting for a server that is down), the breaker opens then, instead of when
 * they time out. {@link #deleteByPrefix(String)}, which may rightly take long, is left
 * out of that watch. The breaker's openings and closings are logged once each, with the
 * number of calls it refused while open.
 *
 * @since 0.1.0
 */
public final class CircuitBreakerCacheBackend implements CacheBackend {

	private static final Log logger = LogFactory.getLog(CircuitBreakerCacheBackend.class);

	private final String name;

	private final CacheBackend delegate;

	private final CircuitBreaker breaker;

	private final StallWatch watch;

	private final LongAdder refused = new LongAdder();

	private volatile long openedAt;

	private CircuitBreakerCacheBackend(String name, CacheBackend delegate, CircuitBreaker breaker) {
		this.name = name;
		this.delegate = delegate;
		this.breaker = breaker;
		this.watch = StallWatch.start(name, breaker);
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
		CircuitBreakerCacheBackend backend = new CircuitBreakerCacheBackend(name, delegate, breaker);
		breaker.getEventPublisher().onStateTransition(backend::log);
		return backend;
	}

	/**
	 * Log a change of the breaker's state once: an opening at WARN, with why, a closing
	 * at INFO, with how long it was open and how many calls it refused meanwhile; the
	 * probes in between at DEBUG.
	 */
	private void log(CircuitBreakerOnStateTransitionEvent event) {
		CircuitBreaker.StateTransition transition = event.getStateTransition();
		CircuitBreaker.State to = transition.getToState();
		CircuitBreaker.State from = transition.getFromState();
		boolean openedByWatch = this.watch.takeOpened();
		if (to == CircuitBreaker.State.OPEN && from != CircuitBreaker.State.HALF_OPEN) {
			this.openedAt = System.nanoTime();
			this.refused.reset();
			if (!openedByWatch) {
				CircuitBreaker.Metrics metrics = this.breaker.getMetrics();
				logger.warn("Backend '" + this.name + "' failed " + metrics.getNumberOfFailedCalls() + " of its last "
						+ metrics.getNumberOfBufferedCalls() + " calls (" + metrics.getNumberOfSlowCalls()
						+ " slow): its circuit breaker is OPEN and calls fail at once");
			}
		}
		else if (to == CircuitBreaker.State.CLOSED && from != CircuitBreaker.State.DISABLED) {
			logger.info("Backend '" + this.name + "' answers again: its circuit breaker is CLOSED after "
					+ (System.nanoTime() - this.openedAt) / 1_000_000 + " ms, during which it refused "
					+ this.refused.sum() + " calls");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Backend '" + this.name + "': circuit breaker " + from + " -> " + to);
		}
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
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		return call(keys.get(0), () -> this.delegate.getAllInOrder(keys));
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
	public long deleteByPrefix(String prefix) {
		acquirePermission(prefix);
		long start = this.breaker.getCurrentTimestamp();
		try {
			long deleted = this.delegate.deleteByPrefix(prefix);
			recordOutcome(start, null, false);
			return deleted;
		}
		catch (RuntimeException ex) {
			recordOutcome(start, ex, false);
			throw ex;
		}
	}

	@Override
	public List<String> keysByPrefix(String prefix) {
		acquirePermission(prefix);
		long start = this.breaker.getCurrentTimestamp();
		try {
			List<String> keys = this.delegate.keysByPrefix(prefix);
			recordOutcome(start, null, false);
			return keys;
		}
		catch (RuntimeException ex) {
			recordOutcome(start, ex, false);
			throw ex;
		}
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return call(key, () -> this.delegate.increment(key, delta, ttl));
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return call(key, () -> this.delegate.setIfAbsent(key, value, ttl));
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return call(key, () -> this.delegate.compareAndSet(key, expected, update, ttl));
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return call(key, () -> this.delegate.getAndSet(key, value, ttl));
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return call(key, () -> this.delegate.touch(key, ttl));
	}

	@Override
	public @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(InvalidationSource source, String key) {
		return guardedRead(key, () -> this.delegate.readToKeep(source, key));
	}

	@Override
	public @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(InvalidationSource source,
			List<String> keys) {
		return guardedRead(keys.get(0), () -> this.delegate.readAllToKeep(source, keys));
	}

	/**
	 * Guard a near cache's read through its invalidation source as any other call, so
	 * that its failures and stalls count; a read the source cannot make now gives its
	 * permission back.
	 */
	private <T> @Nullable CompletableFuture<T> guardedRead(String key,
			Supplier<@Nullable CompletableFuture<T>> operation) {
		try {
			acquirePermission(key);
		}
		catch (CacheBackendException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		CompletableFuture<T> read;
		try {
			read = operation.get();
		}
		catch (RuntimeException ex) {
			return permitted(() -> {
				throw ex;
			});
		}
		if (read == null) {
			this.breaker.releasePermission();
			return null;
		}
		return permitted(() -> read);
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return callAsync(key, () -> this.delegate.getAsync(key));
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		return callAsync(keys.iterator().next(), () -> this.delegate.getAllAsync(keys));
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		return callAsync(keys.get(0), () -> this.delegate.getAllInOrderAsync(keys));
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return callAsync(key, () -> this.delegate.setAsync(key, value, ttl));
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(0L);
		}
		return callAsync(keys.iterator().next(), () -> this.delegate.deleteAllAsync(keys));
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return callAsync(key, () -> this.delegate.incrementAsync(key, delta, ttl));
	}

	@Override
	public void writeAll(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return;
		}
		call(writes, () -> {
			this.delegate.writeAll(writes);
			return null;
		});
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		try {
			acquirePermission(writes);
		}
		catch (CacheBackendException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return permitted(() -> this.delegate.writeAllAsync(writes));
	}

	/**
	 * Make a bulk write through the breaker: one call, one outcome, whatever the number
	 * of writes; refused, it says that none was made.
	 */
	private <T> T call(List<CacheWrite> writes, Supplier<T> operation) {
		acquirePermission(writes);
		return recorded(operation);
	}

	private void acquirePermission(List<CacheWrite> writes) {
		try {
			acquirePermission(writes.get(0).key());
		}
		catch (CacheBackendException ex) {
			throw BackendFailures.allWritesFailed("Backend '" + this.name + "'", writes, ex);
		}
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
		acquirePermission(key);
		return recorded(operation);
	}

	/**
	 * Run a permitted call and record its outcome.
	 */
	private <T> T recorded(Supplier<T> operation) {
		long start = this.breaker.getCurrentTimestamp();
		this.watch.callStarted();
		try {
			T result = operation.get();
			recordOutcome(start, null, true);
			return result;
		}
		catch (RuntimeException ex) {
			recordOutcome(start, ex, true);
			throw ex;
		}
	}

	private <T> CompletableFuture<T> callAsync(String key, Supplier<CompletableFuture<T>> operation) {
		try {
			acquirePermission(key);
		}
		catch (CacheBackendException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return permitted(operation);
	}

	/**
	 * Make an asynchronous call the breaker permitted, and tell it how the call ended.
	 */
	private <T> CompletableFuture<T> permitted(Supplier<CompletableFuture<T>> operation) {
		long start = this.breaker.getCurrentTimestamp();
		this.watch.callStarted();
		CompletableFuture<T> future;
		try {
			future = operation.get();
		}
		catch (RuntimeException ex) {
			recordOutcome(start, ex, true);
			return CompletableFuture.failedFuture(ex);
		}
		return future
			.whenComplete((result, ex) -> recordOutcome(start, (ex != null) ? BackendFailures.unwrap(ex) : null, true));
	}

	private void acquirePermission(String key) {
		if (!this.breaker.tryAcquirePermission()) {
			this.refused.increment();
			throw new CacheBackendException("Backend '" + this.name + "' is not called for key '" + key
					+ "': its circuit breaker is " + this.breaker.getState() + " after repeated failures", null);
		}
	}

	/**
	 * Tell the breaker how a call ended: a {@link CacheBackendException} or an exception
	 * of a custom backend's own is a failure; a value that does not decode, or any other
	 * cacheobj exception, proves the server answered.
	 */
	private void recordOutcome(long start, @Nullable Throwable ex, boolean watched) {
		long duration = this.breaker.getCurrentTimestamp() - start;
		boolean answered = ex == null || (ex instanceof CacheObjException && !(ex instanceof CacheBackendException));
		if (watched) {
			this.watch.callEnded(answered);
		}
		if (answered) {
			this.breaker.onSuccess(duration, this.breaker.getTimestampUnit());
		}
		else {
			this.breaker.onError(duration, this.breaker.getTimestampUnit(), ex);
		}
	}

	@Override
	public String toString() {
		return "CircuitBreakerCacheBackend[" + this.delegate + "]";
	}

}
