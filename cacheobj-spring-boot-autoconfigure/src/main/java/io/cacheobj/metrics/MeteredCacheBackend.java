package io.cacheobj.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link CacheBackend} that times every operation of another: a timer {@value #TIMER}
 * tagged {@code backend}, {@code operation} ({@code get}, {@code bulk-get}, {@code set},
 * {@code delete}, {@code increment}) and {@code outcome} ({@code hit}, {@code miss},
 * {@code success}, {@code error}), and a distribution {@value #BULK_SIZE} of the number
 * of keys of bulk operations.
 * <p>
 * Every meter is registered once, when the backend is decorated, so an operation costs
 * two clock reads and one timer update.
 *
 * @since 0.1.0
 */
public final class MeteredCacheBackend implements CacheBackend {

	/** Name of the operations timer. */
	public static final String TIMER = "cacheobj.operations";

	/** Name of the bulk size distribution. */
	public static final String BULK_SIZE = "cacheobj.bulk.size";

	private final CacheBackend delegate;

	private final Timer getHit;

	private final Timer getMiss;

	private final Timer getError;

	private final Timer bulkGetSuccess;

	private final Timer bulkGetError;

	private final Timer setSuccess;

	private final Timer setError;

	private final Timer deleteSuccess;

	private final Timer deleteError;

	private final Timer incrementSuccess;

	private final Timer incrementError;

	private final DistributionSummary bulkGetSize;

	private final DistributionSummary bulkDeleteSize;

	private MeteredCacheBackend(String name, CacheBackend delegate, MeterRegistry registry) {
		this.delegate = delegate;
		this.getHit = timer(registry, name, "get", "hit");
		this.getMiss = timer(registry, name, "get", "miss");
		this.getError = timer(registry, name, "get", "error");
		this.bulkGetSuccess = timer(registry, name, "bulk-get", "success");
		this.bulkGetError = timer(registry, name, "bulk-get", "error");
		this.setSuccess = timer(registry, name, "set", "success");
		this.setError = timer(registry, name, "set", "error");
		this.deleteSuccess = timer(registry, name, "delete", "success");
		this.deleteError = timer(registry, name, "delete", "error");
		this.incrementSuccess = timer(registry, name, "increment", "success");
		this.incrementError = timer(registry, name, "increment", "error");
		this.bulkGetSize = bulkSize(registry, name, "bulk-get");
		this.bulkDeleteSize = bulkSize(registry, name, "delete");
	}

	/**
	 * Time every operation of a backend.
	 * @param name the backend's name, the {@code backend} tag
	 * @param delegate the backend
	 * @param registry the registry of the meters
	 * @return the timed backend
	 */
	public static CacheBackend decorate(String name, CacheBackend delegate, MeterRegistry registry) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		return new MeteredCacheBackend(name, delegate, registry);
	}

	private static Timer timer(MeterRegistry registry, String backend, String operation, String outcome) {
		return Timer.builder(TIMER)
			.description("Operations of cacheobj backends")
			.tags("backend", backend, "operation", operation, "outcome", outcome)
			.register(registry);
	}

	private static DistributionSummary bulkSize(MeterRegistry registry, String backend, String operation) {
		return DistributionSummary.builder(BULK_SIZE)
			.description("Number of keys of bulk operations of cacheobj backends")
			.baseUnit("keys")
			.tags("backend", backend, "operation", operation)
			.register(registry);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		long start = System.nanoTime();
		try {
			StoredValue value = this.delegate.get(key);
			record((value != null) ? this.getHit : this.getMiss, start);
			return value;
		}
		catch (RuntimeException ex) {
			record(this.getError, start);
			throw ex;
		}
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		this.bulkGetSize.record(keys.size());
		long start = System.nanoTime();
		try {
			Map<String, StoredValue> values = this.delegate.getAll(keys);
			record(this.bulkGetSuccess, start);
			return values;
		}
		catch (RuntimeException ex) {
			record(this.bulkGetError, start);
			throw ex;
		}
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		long start = System.nanoTime();
		try {
			this.delegate.set(key, value, ttl);
			record(this.setSuccess, start);
		}
		catch (RuntimeException ex) {
			record(this.setError, start);
			throw ex;
		}
	}

	@Override
	public boolean delete(String key) {
		long start = System.nanoTime();
		try {
			boolean deleted = this.delegate.delete(key);
			record(this.deleteSuccess, start);
			return deleted;
		}
		catch (RuntimeException ex) {
			record(this.deleteError, start);
			throw ex;
		}
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		this.bulkDeleteSize.record(keys.size());
		long start = System.nanoTime();
		try {
			long deleted = this.delegate.deleteAll(keys);
			record(this.deleteSuccess, start);
			return deleted;
		}
		catch (RuntimeException ex) {
			record(this.deleteError, start);
			throw ex;
		}
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		long start = System.nanoTime();
		try {
			long value = this.delegate.increment(key, delta, ttl);
			record(this.incrementSuccess, start);
			return value;
		}
		catch (RuntimeException ex) {
			record(this.incrementError, start);
			throw ex;
		}
	}

	@Override
	public Map<String, Object> check() {
		return this.delegate.check();
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		long start = System.nanoTime();
		return this.delegate.getAsync(key)
			.whenComplete((value,
					ex) -> record((ex != null) ? this.getError : (value != null) ? this.getHit : this.getMiss, start));
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		this.bulkGetSize.record(keys.size());
		return timed(this.delegate.getAllAsync(keys), this.bulkGetSuccess, this.bulkGetError);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return timed(this.delegate.setAsync(key, value, ttl), this.setSuccess, this.setError);
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		this.bulkDeleteSize.record(keys.size());
		return timed(this.delegate.deleteAllAsync(keys), this.deleteSuccess, this.deleteError);
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return timed(this.delegate.incrementAsync(key, delta, ttl), this.incrementSuccess, this.incrementError);
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return timed(() -> this.delegate.setIfAbsent(key, value, ttl), this.setSuccess, this.setError);
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return timed(() -> this.delegate.compareAndSet(key, expected, update, ttl), this.setSuccess, this.setError);
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return timed(() -> this.delegate.getAndSet(key, value, ttl), this.setSuccess, this.setError);
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return timed(() -> this.delegate.touch(key, ttl), this.setSuccess, this.setError);
	}

	private <T> T timed(Supplier<T> operation, Timer success, Timer error) {
		long start = System.nanoTime();
		try {
			T result = operation.get();
			record(success, start);
			return result;
		}
		catch (RuntimeException ex) {
			record(error, start);
			throw ex;
		}
	}

	private static <T> CompletableFuture<T> timed(CompletableFuture<T> future, Timer success, Timer error) {
		long start = System.nanoTime();
		return future.whenComplete((result, ex) -> record((ex != null) ? error : success, start));
	}

	private static void record(Timer timer, long start) {
		timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	@Override
	public String toString() {
		return "MeteredCacheBackend[" + this.delegate + "]";
	}

}
