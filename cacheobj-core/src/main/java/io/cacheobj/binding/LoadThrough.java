package io.cacheobj.binding;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * The one load-through of a store's missing keys, for properties and every front-end: at
 * most one load of a key at a time in this JVM, a caller that finds it under way waiting
 * for its result (or its exception); the load reads the key once more, since a load that
 * ended since the caller's read may have filled it, runs the loader, and stores its value
 * only where the key is still absent, so that JVMs loading one key at once settle on one
 * value.
 */
final class LoadThrough {

	/** How often a value is offered before the loaded one is returned unstored. */
	private static final int ATTEMPTS = 3;

	private final CacheObjStore store;

	private final ConcurrentMap<String, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

	LoadThrough(CacheObjStore store) {
		this.store = store;
	}

	/**
	 * Load a key in its one flight in this JVM, or wait for the flight under way.
	 * @see CacheObjStore#computeIfAbsent
	 */
	<V> @Nullable V computeIfAbsent(String key, Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends @Nullable V> loader, Function<? super V, StoredValue> writer, @Nullable Duration ttl) {
		return run(key, () -> {
			StoredValue stored = this.store.get(key);
			V found = (stored != null) ? reader.apply(stored) : null;
			if (found != null) {
				return found;
			}
			V loaded = loader.get();
			return (loaded != null) ? orLoaded(settle(key, stored, writer.apply(loaded), reader, ttl), loaded) : null;
		});
	}

	/**
	 * Load a key without blocking, in the same flights as {@link #computeIfAbsent}.
	 * @see CacheObjStore#computeIfAbsentAsync
	 */
	<V> CompletableFuture<@Nullable V> computeIfAbsentAsync(String key,
			Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends CompletableFuture<? extends @Nullable V>> loader,
			Function<? super V, StoredValue> writer, @Nullable Duration ttl) {
		return runAsync(key, () -> this.store.retrieve(key).thenComposeAsync((stored) -> {
			V found = (stored != null) ? reader.apply(stored) : null;
			if (found != null) {
				return CompletableFuture.completedFuture(found);
			}
			// The value is settled off the client's I/O thread, which a blocking write
			// on it would wait for until it timed out.
			return loader.get()
				.thenApplyAsync(
						(loaded) -> (loaded != null)
								? orLoaded(settle(key, stored, writer.apply(loaded), reader, ttl), loaded) : null,
						ForkJoinPool.commonPool());
		}, ForkJoinPool.commonPool()));
	}

	/**
	 * Write a value only where the key is absent, or still holds the bytes that the
	 * reader could not read ({@code putIfAbsent}, else {@code replace}); when another
	 * writer won, read its value. Never a plain write: a backend without these operations
	 * fails.
	 * @param current what the key held when it was last read: {@code null}, or bytes the
	 * reader could not read, which the value replaces
	 * @return {@code null} when this value was written (or every value found since was
	 * unreadable), else the winner's value as the reader read it
	 * @see CacheObjStore#putIfAbsentOrGet
	 */
	<V> @Nullable V settle(String key, @Nullable StoredValue current, StoredValue value,
			Function<? super StoredValue, ? extends @Nullable V> reader, @Nullable Duration ttl) {
		StoredValue expected = current;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			boolean written = (expected == null) ? this.store.putIfAbsent(key, value, ttl)
					: this.store.replace(key, expected, value, ttl);
			if (written) {
				return null;
			}
			expected = this.store.get(key);
			V winner = (expected != null) ? reader.apply(expected) : null;
			if (winner != null) {
				return winner;
			}
		}
		return null;
	}

	private static <V> V orLoaded(@Nullable V winner, V loaded) {
		return (winner != null) ? winner : loaded;
	}

	@SuppressWarnings("unchecked")
	private <V> V run(String key, Supplier<V> work) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.flights.putIfAbsent(key, mine);
		if (running != null) {
			try {
				return (V) running.join();
			}
			catch (CompletionException ex) {
				Throwable cause = BackendFailures.unwrap(ex);
				if (cause instanceof Error error) {
					throw error;
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : ex;
			}
		}
		try {
			V value = work.get();
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.flights.remove(key, mine);
		}
	}

	@SuppressWarnings("unchecked")
	private <V> CompletableFuture<V> runAsync(String key, Supplier<CompletableFuture<V>> work) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.flights.putIfAbsent(key, mine);
		if (running != null) {
			return (CompletableFuture<V>) running;
		}
		CompletableFuture<V> started;
		try {
			started = work.get();
		}
		catch (RuntimeException | Error ex) {
			started = CompletableFuture.failedFuture(ex);
		}
		started.whenComplete((value, ex) -> {
			this.flights.remove(key, mine);
			if (ex != null) {
				mine.completeExceptionally(BackendFailures.unwrap(ex));
			}
			else {
				mine.complete(value);
			}
		});
		return (CompletableFuture<V>) mine;
	}

}
