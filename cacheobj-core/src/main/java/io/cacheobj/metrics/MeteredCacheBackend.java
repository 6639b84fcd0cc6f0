package io.cacheobj.metrics;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link CacheBackend} that observes every operation of another with Micrometer's
 * Observation API: one observation {@value #OBSERVATION} per call, with the
 * low-cardinality keys {@code backend}, {@code operation} ({@code get}, {@code bulk-get},
 * {@code set}, {@code delete}, {@code increment}) and {@code outcome} ({@code hit},
 * {@code miss}, {@code success}, {@code error}), and for bulk operations the
 * high-cardinality key {@value #BULK_SIZE}. Its span, named {@code cacheobj <operation>},
 * is a child of the caller's; its timer, from a {@code DefaultMeterObservationHandler},
 * is {@value #TIMER} with those tags (and Micrometer's {@code error} tag). With a
 * {@link MeterRegistry}, a distribution {@value #BULK_SIZE} of the number of keys of bulk
 * operations is recorded too.
 * <p>
 * An observation costs a context, the handlers' work (Spring Boot's: a timer looked up by
 * its tags, a long task timer, a span when tracing) and a scope: about half a
 * microsecond, nothing beside a network round trip but tens of memory reads. Without an
 * observation registry ({@link #decorate(String, CacheBackend, MeterRegistry)}) the
 * timers are registered once and updated directly, for about a tenth of that.
 */
final class MeteredCacheBackend implements CacheBackend {

	static final String TIMER = CacheObjMetrics.TIMER;

	static final String OBSERVATION = CacheObjMetrics.OBSERVATION;

	static final String BULK_SIZE = CacheObjMetrics.BULK_SIZE;

	private final String name;

	private final CacheBackend delegate;

	private final @Nullable ObservationRegistry observations;

	private final @Nullable OperationTimers timers;

	private final @Nullable DistributionSummary bulkGetSize;

	private final @Nullable DistributionSummary bulkDeleteSize;

	private MeteredCacheBackend(String name, CacheBackend delegate, @Nullable ObservationRegistry observations,
			@Nullable MeterRegistry meters) {
		this.name = name;
		this.delegate = delegate;
		this.observations = observations;
		this.timers = (observations == null && meters != null) ? new OperationTimers(meters, name) : null;
		this.bulkGetSize = (meters != null) ? bulkSize(meters, name, "bulk-get") : null;
		this.bulkDeleteSize = (meters != null) ? bulkSize(meters, name, "delete") : null;
	}

	/**
	 * Time every operation of a backend in a meter registry, for applications without an
	 * observation registry: the same {@value #TIMER} timers as observations give,
	 * registered once and updated directly, so an operation costs two clock reads and one
	 * timer update; no spans.
	 * @param name the backend's name, the {@code backend} tag
	 * @param delegate the backend
	 * @param registry the registry of the meters
	 * @return the timed backend
	 */
	static CacheBackend decorate(String name, CacheBackend delegate, MeterRegistry registry) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(registry, "'registry' must not be null");
		return new MeteredCacheBackend(name, delegate, null, registry);
	}

	/**
	 * Observe every operation of a backend in an observation registry, such as Spring
	 * Boot's, whose handlers time (the {@value #TIMER} timer) and trace them.
	 * @param name the backend's name, the {@code backend} key
	 * @param delegate the backend
	 * @param observations the observation registry
	 * @param meters the registry of the bulk size distribution, or {@code null} for none
	 * @return the observed backend
	 */
	static CacheBackend decorate(String name, CacheBackend delegate, ObservationRegistry observations,
			@Nullable MeterRegistry meters) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(delegate, "'delegate' must not be null");
		Assert.notNull(observations, "'observations' must not be null");
		return new MeteredCacheBackend(name, delegate, observations, meters);
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
		return observe("get", -1, (context) -> {
			StoredValue value = this.delegate.get(key);
			context.outcome((value != null) ? "hit" : "miss");
			return value;
		});
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (this.bulkGetSize != null) {
			this.bulkGetSize.record(keys.size());
		}
		return observe("bulk-get", keys.size(), (context) -> this.delegate.getAll(keys));
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (this.bulkGetSize != null) {
			this.bulkGetSize.record(keys.size());
		}
		return observe("bulk-get", keys.size(), (context) -> this.delegate.getAllInOrder(keys));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		observe("set", -1, (context) -> {
			this.delegate.set(key, value, ttl);
			return null;
		});
	}

	@Override
	public boolean delete(String key) {
		return observe("delete", -1, (context) -> this.delegate.delete(key));
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (this.bulkDeleteSize != null) {
			this.bulkDeleteSize.record(keys.size());
		}
		return observe("delete", keys.size(), (context) -> this.delegate.deleteAll(keys));
	}

	@Override
	public long deleteByPrefix(String prefix) {
		return observe("delete", -1, (context) -> this.delegate.deleteByPrefix(prefix));
	}

	@Override
	public List<String> keysByPrefix(String prefix) {
		return observe("get", -1, (context) -> this.delegate.keysByPrefix(prefix));
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return observe("increment", -1, (context) -> this.delegate.increment(key, delta, ttl));
	}

	@Override
	public void writeAll(List<CacheWrite> writes) {
		observe("bulk-write", writes.size(), (context) -> {
			this.delegate.writeAll(writes);
			return null;
		});
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		return observeAsync("bulk-write", writes.size(), () -> this.delegate.writeAllAsync(writes), null);
	}

	@Override
	public Map<String, Object> check() {
		return this.delegate.check();
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return observe("set", -1, (context) -> this.delegate.setIfAbsent(key, value, ttl));
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return observe("set", -1, (context) -> this.delegate.compareAndSet(key, expected, update, ttl));
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return observe("set", -1, (context) -> this.delegate.getAndSet(key, value, ttl));
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return observe("set", -1, (context) -> this.delegate.touch(key, ttl));
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return observeAsync("get", -1, () -> this.delegate.getAsync(key), (value) -> (value != null) ? "hit" : "miss");
	}

	@Override
	public @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(InvalidationSource source, String key) {
		CompletableFuture<@Nullable StoredValue> read = this.delegate.readToKeep(source, key);
		return (read != null) ? observeAsync("get", -1, () -> read, (value) -> (value != null) ? "hit" : "miss") : null;
	}

	@Override
	public @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(InvalidationSource source,
			List<String> keys) {
		CompletableFuture<List<@Nullable StoredValue>> read = this.delegate.readAllToKeep(source, keys);
		if (read == null) {
			return null;
		}
		if (this.bulkGetSize != null) {
			this.bulkGetSize.record(keys.size());
		}
		return observeAsync("bulk-get", keys.size(), () -> read, null);
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (this.bulkGetSize != null) {
			this.bulkGetSize.record(keys.size());
		}
		return observeAsync("bulk-get", keys.size(), () -> this.delegate.getAllAsync(keys), null);
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (this.bulkGetSize != null) {
			this.bulkGetSize.record(keys.size());
		}
		return observeAsync("bulk-get", keys.size(), () -> this.delegate.getAllInOrderAsync(keys), null);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return observeAsync("set", -1, () -> this.delegate.setAsync(key, value, ttl), null);
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		if (this.bulkDeleteSize != null) {
			this.bulkDeleteSize.record(keys.size());
		}
		return observeAsync("delete", keys.size(), () -> this.delegate.deleteAllAsync(keys), null);
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return observeAsync("increment", -1, () -> this.delegate.incrementAsync(key, delta, ttl), null);
	}

	private <T> T observe(String operation, int bulkSize, Function<CacheOperationContext, T> call) {
		CacheOperationContext context = new CacheOperationContext(this.name, operation, bulkSize);
		OperationTimers timers = this.timers;
		if (timers != null) {
			long start = System.nanoTime();
			try {
				T result = call.apply(context);
				timers.record(context, start);
				return result;
			}
			catch (RuntimeException | Error ex) {
				context.outcome("error");
				timers.record(context, start);
				throw ex;
			}
		}
		ObservationRegistry observations = this.observations;
		Assert.state(observations != null, "Neither timers nor observations");
		Observation observation = Observation
			.createNotStarted(null, CacheOperationObservationConvention.INSTANCE, () -> context, observations)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			return call.apply(context);
		}
		catch (RuntimeException | Error ex) {
			context.outcome("error");
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * Observe an asynchronous call from when it is made until its future completes, on
	 * whichever thread completes it.
	 */
	private <T> CompletableFuture<T> observeAsync(String operation, int bulkSize, Supplier<CompletableFuture<T>> call,
			@Nullable Function<T, String> outcome) {
		CacheOperationContext context = new CacheOperationContext(this.name, operation, bulkSize);
		OperationTimers timers = this.timers;
		Observation observation = null;
		long start = System.nanoTime();
		CompletableFuture<T> future;
		if (timers != null) {
			future = BackendFailures.start(call);
		}
		else {
			ObservationRegistry observations = this.observations;
			Assert.state(observations != null, "Neither timers nor observations");
			observation = Observation
				.createNotStarted(null, CacheOperationObservationConvention.INSTANCE, () -> context, observations)
				.start();
			try (Observation.Scope scope = observation.openScope()) {
				future = BackendFailures.start(call);
			}
		}
		Observation started = observation;
		return future.whenComplete((result, ex) -> {
			if (ex != null) {
				context.outcome("error");
			}
			else if (outcome != null) {
				context.outcome(outcome.apply(result));
			}
			if (timers != null) {
				timers.record(context, start);
			}
			else if (started != null) {
				if (ex != null) {
					started.error(ex);
				}
				started.stop();
			}
		});
	}

	@Override
	public String toString() {
		return "MeteredCacheBackend[" + this.delegate + "]";
	}

}
