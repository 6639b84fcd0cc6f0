package io.cacheobj.backend.memcached;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.backend.StoredValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import org.jspecify.annotations.Nullable;

/**
 * Sends the asynchronous reads, {@code set}s and {@code delete}s of a
 * {@link MemcachedCacheBackend}, each future completed from spymemcached's completion
 * listener, without a timeout of its own: the backend adds it.
 */
final class MemcachedAsyncOperations {

	private final MemcachedClient client;

	private final StoredValueTranscoder transcoder;

	private final MemcachedFailures failures;

	private final MemcachedItems items;

	MemcachedAsyncOperations(MemcachedClient client, StoredValueTranscoder transcoder, MemcachedFailures failures,
			MemcachedItems items) {
		this.client = client;
		this.transcoder = transcoder;
		this.failures = failures;
		this.items = items;
	}

	/**
	 * Send a {@code get}, without a timeout of its own.
	 */
	CompletableFuture<@Nullable Object> get(String key) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		try {
			GetFuture<Object> future = this.client.asyncGet(this.items.routedKey(key), this.transcoder);
			future.addListener((done) -> this.failures.complete(key, future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
		return result;
	}

	/**
	 * Send a bulk {@code get}, without a timeout of its own.
	 */
	CompletableFuture<Map<String, Object>> getBulk(MemcachedBulkKeys bulk) {
		CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
		try {
			BulkFuture<Map<String, Object>> future = this.client.asyncGetBulk(bulk.sent(), this.transcoder);
			future.addListener((done) -> this.failures.complete(bulk.first(), future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(bulk.first(), ex));
		}
		return result;
	}

	/**
	 * Send a {@code set}, without a timeout of its own.
	 */
	CompletableFuture<Boolean> set(String key, StoredValue value, @Nullable Duration ttl) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		try {
			OperationFuture<Boolean> future = this.client.set(this.items.checkedKey(key, value),
					this.items.expiration(ttl), value, this.transcoder);
			future.addListener((done) -> {
				try {
					if (Boolean.TRUE.equals(this.failures.await(key, future))) {
						result.complete(true);
					}
					else {
						result.completeExceptionally(this.failures.refused(key, future.getStatus()));
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
		return result;
	}

	/**
	 * Send a {@code delete}, without a timeout of its own.
	 */
	CompletableFuture<Boolean> delete(String key) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		try {
			OperationFuture<Boolean> future = this.client.delete(this.items.routedKey(key));
			future.addListener((done) -> this.failures.complete(key, future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
		return result;
	}

}
