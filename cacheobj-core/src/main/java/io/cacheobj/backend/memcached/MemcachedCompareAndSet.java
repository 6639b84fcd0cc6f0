package io.cacheobj.backend.memcached;

import java.time.Duration;
import java.util.Arrays;

import io.cacheobj.backend.StoredValue;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import org.jspecify.annotations.Nullable;

/**
 * The compare-and-set and get-and-set of a {@link MemcachedCacheBackend}, with
 * {@code gets} and {@code cas}, tried again while another client changes the value in
 * between.
 */
final class MemcachedCompareAndSet {

	/**
	 * How often a compare-and-set reads and compares again when another client changes
	 * the value between its {@code gets} and its {@code cas}.
	 */
	private static final int CAS_ATTEMPTS = 100;

	private final MemcachedClient client;

	private final StoredValueTranscoder transcoder;

	private final MemcachedFailures failures;

	private final MemcachedItems items;

	MemcachedCompareAndSet(MemcachedClient client, StoredValueTranscoder transcoder, MemcachedFailures failures,
			MemcachedItems items) {
		this.client = client;
		this.transcoder = transcoder;
		this.failures = failures;
		this.items = items;
	}

	/**
	 * Compare and set a value expected to be there, as
	 * {@link MemcachedCacheBackend#compareAndSet} describes.
	 */
	boolean compareAndSet(String key, StoredValue expected, @Nullable StoredValue update, @Nullable Duration ttl) {
		String safeKey = this.items.routed(key,
				(update != null) ? this.items.checkedKey(key, update) : MemcachedKeys.safeKey(key));
		for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
			CASValue<Object> current = this.failures.await(key, this.client.asyncGets(safeKey, this.transcoder));
			if (current == null || !Arrays.equals(((StoredValue) current.getValue()).bytes(), expected.bytes())) {
				return false;
			}
			if (replace(key, safeKey, current.getCas(), update, ttl)) {
				return true;
			}
		}
		throw this.failures.keptChanging(key);
	}

	@Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		String safeKey = this.items.routed(key,
				(value != null) ? this.items.checkedKey(key, value) : MemcachedKeys.safeKey(key));
		for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
			CASValue<Object> current = this.failures.await(key, this.client.asyncGets(safeKey, this.transcoder));
			if (current == null) {
				if (value == null || Boolean.TRUE.equals(this.failures.await(key,
						this.client.add(safeKey, this.items.expiration(ttl), value, this.transcoder)))) {
					return null;
				}
			}
			else if (replace(key, safeKey, current.getCas(), value, ttl)) {
				return (StoredValue) current.getValue();
			}
		}
		throw this.failures.keptChanging(key);
	}

	/**
	 * Replace (or delete) a value read with {@code gets}, unless it changed since.
	 * @return whether it was replaced
	 */
	private boolean replace(String key, String safeKey, long cas, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		if (update == null) {
			return Boolean.TRUE.equals(this.failures.await(key, this.client.delete(safeKey, cas)));
		}
		OperationFuture<CASResponse> future = this.client.asyncCAS(safeKey, cas, this.items.expiration(ttl), update,
				this.transcoder);
		CASResponse response = this.failures.await(key, future);
		if (response == CASResponse.OK) {
			return true;
		}
		if (response == CASResponse.EXISTS || response == CASResponse.NOT_FOUND) {
			return false;
		}
		throw this.failures.refused(key, future.getStatus());
	}

}
