package io.cacheobj.binding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheWrite;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link CacheWriteBatch}: writes queued per backend, in order, and sent with one
 * bulk write per backend, to every backend at once.
 */
final class DefaultCacheWriteBatch implements CacheWriteBatch {

	private final BiFunction<Class<?>, Object, BoundProperty[]> binder;

	private final Map<String, Queue> queues = new LinkedHashMap<>();

	private int size;

	private boolean executed;

	/**
	 * Create a batch.
	 * @param binder binds the properties of an entity type to an id
	 */
	DefaultCacheWriteBatch(BiFunction<Class<?>, Object, BoundProperty[]> binder) {
		this.binder = binder;
	}

	@Override
	public <T> CacheWriteBatch set(CachedValue<T> property, @Nullable T value) {
		BoundValue<?> bound = bound(property);
		return write(bound, value, bound.metadata().ttl());
	}

	@Override
	public <T> CacheWriteBatch set(CachedValue<T> property, @Nullable T value, Duration ttl) {
		BoundValue<?> bound = bound(property);
		BackendFailures.requirePositive("'ttl'", ttl);
		return write(bound, value, ttl);
	}

	private CacheWriteBatch write(BoundValue<?> property, @Nullable Object value, @Nullable Duration ttl) {
		checkNotExecuted();
		PropertyMetadata metadata = property.metadata();
		CacheWrite write = (value != null)
				? CacheWrite.set(property.key(), metadata.codec().encode(property.key(), value), ttl)
				: CacheWrite.delete(property.key());
		queue(metadata.store()).add(write, property, value);
		this.size++;
		return this;
	}

	@Override
	public CacheWriteBatch add(CachedCounter counter, long delta) {
		BoundCounter bound = bound(counter);
		checkNotExecuted();
		queue(bound.metadata().store()).add(CacheWrite.increment(bound.key(), delta, bound.metadata().ttl()), null,
				null);
		this.size++;
		return this;
	}

	@Override
	public CacheWriteBatch delete(CachedValue<?> property) {
		return write(bound(property), null, null);
	}

	@Override
	public CacheWriteBatch delete(CachedCounter counter) {
		BoundCounter bound = bound(counter);
		checkNotExecuted();
		queue(bound.metadata().store()).add(CacheWrite.delete(bound.key()), null, null);
		this.size++;
		return this;
	}

	@Override
	public CacheWriteBatch delete(Class<?> type, Object id) {
		checkNotExecuted();
		for (BoundProperty property : this.binder.apply(type, id)) {
			queue(property.metadata().store()).add(CacheWrite.delete(property.key()), null, null);
			this.size++;
		}
		return this;
	}

	@Override
	public int size() {
		return this.size;
	}

	/**
	 * Send every backend's writes: the others' without waiting, the last one's on this
	 * thread meanwhile, then wait for the others, so that N backends cost about the
	 * slowest one.
	 */
	@Override
	public void execute() {
		List<Queue> queues = start();
		List<CompletableFuture<Boolean>> started = new ArrayList<>(queues.size());
		for (int i = 0; i < queues.size() - 1; i++) {
			started.add(queues.get(i).sendAsync());
		}
		List<Failure> failures = new ArrayList<>();
		if (!queues.isEmpty()) {
			Queue last = queues.get(queues.size() - 1);
			try {
				last.finish(last.backend.writeAll(last.writes));
			}
			catch (RuntimeException ex) {
				last.finish(false);
				failures.add(new Failure(last, ex));
			}
		}
		for (int i = 0; i < started.size(); i++) {
			Queue queue = queues.get(i);
			try {
				queue.finish(started.get(i).join());
			}
			catch (CompletionException ex) {
				queue.finish(false);
				failures.add(new Failure(queue, cause(ex)));
			}
		}
		throwIfFailed(failures);
	}

	@Override
	public CompletableFuture<Void> executeAsync() {
		List<Queue> queues = start();
		List<CompletableFuture<@Nullable Failure>> sent = new ArrayList<>(queues.size());
		for (Queue queue : queues) {
			sent.add(queue.sendAsync().handle((written, ex) -> {
				queue.finish(ex == null && written);
				return (ex != null) ? new Failure(queue, cause(ex)) : null;
			}));
		}
		return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply((all) -> {
			List<Failure> failures = new ArrayList<>();
			for (CompletableFuture<@Nullable Failure> each : sent) {
				Failure failure = each.join();
				if (failure != null) {
					failures.add(failure);
				}
			}
			throwIfFailed(failures);
			return null;
		});
	}

	private List<Queue> start() {
		checkNotExecuted();
		this.executed = true;
		return new ArrayList<>(this.queues.values());
	}

	/**
	 * Throw one exception for every failed backend: a {@link CacheBackendException}
	 * naming each, or a failure that is not the backend's (such as an unsupported
	 * operation) as it is when it is the only one.
	 */
	private void throwIfFailed(List<Failure> failures) {
		if (failures.isEmpty()) {
			return;
		}
		if (failures.size() == 1 && !(failures.get(0).exception() instanceof CacheBackendException)) {
			throw failures.get(0).exception();
		}
		StringBuilder message = new StringBuilder("Batch of " + this.size + " writes failed on ");
		message.append(failures.size()).append(" of ").append(this.queues.size()).append(" backends: ");
		for (int i = 0; i < failures.size(); i++) {
			Failure failure = failures.get(i);
			message.append((i > 0) ? "; " : "")
				.append("backend '")
				.append(failure.queue().backend.backendName())
				.append("' (")
				.append(failure.queue().writes.size())
				.append(" writes): ")
				.append(failure.exception().getMessage());
		}
		CacheBackendException exception = new CacheBackendException(message.toString(), failures.get(0).exception());
		for (int i = 1; i < failures.size(); i++) {
			exception.addSuppressed(failures.get(i).exception());
		}
		throw exception;
	}

	private static RuntimeException cause(Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		if (cause instanceof Error error) {
			throw error;
		}
		return (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
	}

	private Queue queue(BackendStore backend) {
		return this.queues.computeIfAbsent(backend.backendName(), (name) -> new Queue(backend));
	}

	private void checkNotExecuted() {
		Assert.state(!this.executed, "This batch was executed: a batch runs once");
	}

	private static BoundValue<?> bound(CachedValue<?> property) {
		Assert.notNull(property, "'property' must not be null");
		if (property instanceof BoundValue<?> bound) {
			return bound;
		}
		throw new IllegalArgumentException(property + " was not bound by cacheobj: take it from an object that "
				+ "a CacheEntityRepository returned");
	}

	private static BoundCounter bound(CachedCounter counter) {
		Assert.notNull(counter, "'counter' must not be null");
		if (counter instanceof BoundCounter bound) {
			return bound;
		}
		throw new IllegalArgumentException(counter + " was not bound by cacheobj: take it from an object that "
				+ "a CacheEntityRepository returned");
	}

	@Override
	public String toString() {
		return "CacheWriteBatch[" + this.size + " writes to " + this.queues.keySet() + "]";
	}

	/**
	 * One backend's writes, in the order they were queued, with the property objects that
	 * remember what they wrote.
	 */
	private static final class Queue {

		private final BackendStore backend;

		private final List<CacheWrite> writes = new ArrayList<>();

		/** The property of each write that remembers its value, {@code null} for none. */
		private final List<@Nullable BoundValue<?>> properties = new ArrayList<>();

		private final List<@Nullable Object> values = new ArrayList<>();

		Queue(BackendStore backend) {
			this.backend = backend;
		}

		void add(CacheWrite write, @Nullable BoundValue<?> property, @Nullable Object value) {
			this.writes.add(write);
			this.properties.add(property);
			this.values.add(value);
		}

		CompletableFuture<Boolean> sendAsync() {
			return this.backend.writeAllAsync(this.writes);
		}

		/**
		 * Let every property written remember its value, in queue order so that the last
		 * write of a property wins, or forget it when the writes may have failed.
		 */
		void finish(boolean written) {
			for (int i = 0; i < this.properties.size(); i++) {
				BoundValue<?> property = this.properties.get(i);
				if (property != null) {
					if (written) {
						property.written(this.values.get(i));
					}
					else {
						property.forget();
					}
				}
			}
		}

	}

	private record Failure(Queue queue, RuntimeException exception) {

	}

}
