package io.cacheobj.backend.memcached;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.backend.StoredValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import org.jspecify.annotations.Nullable;

/**
 * The counters of a {@link MemcachedCacheBackend}: {@code incr}/{@code decr}, and
 * {@code add} when the counter is missing. memcached counters are unsigned: a negative
 * delta stops at {@code 0}.
 */
final class MemcachedCounters {

	/**
	 * How often {@link #increment} tries again when another client creates the counter
	 * between its {@code incr} and its {@code add}, or the counter expires in between.
	 */
	private static final int COUNTER_ATTEMPTS = 5;

	private final MemcachedClient client;

	private final StoredValueTranscoder transcoder;

	private final MemcachedFailures failures;

	private final MemcachedItems items;

	MemcachedCounters(MemcachedClient client, StoredValueTranscoder transcoder, MemcachedFailures failures,
			MemcachedItems items) {
		this.client = client;
		this.transcoder = transcoder;
		this.failures = failures;
		this.items = items;
	}

	long increment(String key, long delta, @Nullable Duration ttl) {
		String safeKey = this.items.routedKey(key);
		for (int attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
			OperationFuture<Long> mutation = (delta >= 0) ? this.client.asyncIncr(safeKey, delta)
					: this.client.asyncDecr(safeKey, Math.negateExact(delta));
			Long value = this.failures.await(key, mutation);
			// spymemcached answers -1, with a status, when the counter is missing or
			// refused.
			if (value != null && value >= 0) {
				return value;
			}
			OperationStatus status = mutation.getStatus();
			if (status.getStatusCode() != StatusCode.ERR_NOT_FOUND) {
				throw this.failures.refused(key, status);
			}
			// memcached counters are unsigned: a decrement of a missing counter starts it
			// at 0.
			long initial = Math.max(0, delta);
			OperationFuture<Boolean> creation = this.client.add(safeKey, this.items.expiration(ttl),
					MemcachedItems.counter(initial), this.transcoder);
			if (Boolean.TRUE.equals(this.failures.await(key, creation))) {
				return initial;
			}
		}
		throw this.failures.counterKeptChanging(key);
	}

	/**
	 * Send an increment, without a timeout of its own.
	 */
	CompletableFuture<Long> sendIncrement(String key, long delta, @Nullable Duration ttl) {
		CompletableFuture<Long> result = new CompletableFuture<>();
		incrementAsync(key, MemcachedKeys.safeKey(key), delta, ttl, 0, result);
		return result;
	}

	/**
	 * One attempt of {@link #increment}'s {@code incr}, then {@code add} when the counter
	 * is missing, each continued from the previous one's completion listener.
	 */
	private void incrementAsync(String key, String safeKey, long delta, @Nullable Duration ttl, int attempt,
			CompletableFuture<Long> result) {
		if (attempt == COUNTER_ATTEMPTS) {
			result.completeExceptionally(this.failures.counterKeptChanging(key));
			return;
		}
		try {
			OperationFuture<Long> mutation = (delta >= 0) ? this.client.asyncIncr(safeKey, delta)
					: this.client.asyncDecr(safeKey, Math.negateExact(delta));
			mutation.addListener((mutated) -> {
				try {
					Long value = this.failures.await(key, mutation);
					if (value != null && value >= 0) {
						result.complete(value);
						return;
					}
					if (mutation.getStatus().getStatusCode() != StatusCode.ERR_NOT_FOUND) {
						throw this.failures.refused(key, mutation.getStatus());
					}
					long initial = Math.max(0, delta);
					OperationFuture<Boolean> creation = this.client.add(safeKey, this.items.expiration(ttl),
							MemcachedItems.counter(initial), this.transcoder);
					creation.addListener((created) -> {
						try {
							if (Boolean.TRUE.equals(this.failures.await(key, creation))) {
								result.complete(initial);
							}
							else {
								incrementAsync(key, safeKey, delta, ttl, attempt + 1, result);
							}
						}
						catch (RuntimeException ex) {
							result.completeExceptionally(ex);
						}
					});
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
	}

}
