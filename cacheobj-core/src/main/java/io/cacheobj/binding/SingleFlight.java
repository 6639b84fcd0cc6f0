package io.cacheobj.binding;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.cacheobj.backend.BackendFailures;

/**
 * Runs the work that fills a key at most once at a time in this JVM: a caller that finds
 * it under way waits for its result (or its exception) instead of running it too.
 */
final class SingleFlight {

	private final ConcurrentMap<String, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

	/**
	 * Run the work for a key, or wait for the run under way.
	 * @param key the key
	 * @param work what computes the value
	 * @return what the work returned, in this call or the one under way
	 */
	@SuppressWarnings("unchecked")
	<V> V run(String key, Supplier<V> work) {
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

	/**
	 * Start the work for a key without blocking, or join the run under way, synchronous
	 * or not.
	 * @param key the key
	 * @param work what starts computing the value
	 * @return the future of this run or of the one under way
	 */
	@SuppressWarnings("unchecked")
	<V> CompletableFuture<V> runAsync(String key, Supplier<CompletableFuture<V>> work) {
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
