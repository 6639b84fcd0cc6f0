package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheObjStore} on the path properties take to a backend, its
 * {@link BackendRef}: near cache, {@code on-error} policy and single flight.
 */
final class BindingStore implements CacheObjStore {

	private final BackendRef ref;

	private final @Nullable NearCacheStatistics statistics;

	BindingStore(BackendRef ref, @Nullable NearCacheStatistics statistics) {
		this.ref = ref;
		this.statistics = statistics;
	}

	@Override
	public String backendName() {
		return this.ref.name();
	}

	@Override
	public @Nullable StoredValue get(String key) {
		if (!this.ref.isNearCached()) {
			try {
				return this.ref.fetchValue(key);
			}
			catch (BackendRef.IgnoredFailure ex) {
				return null;
			}
		}
		NearCacheCopy copy = this.ref.cached(key);
		return (copy != null) ? copy.value() : this.ref.fetch(key).value();
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> retrieve(String key) {
		return this.ref.getAsync(key).thenApply(ReadResult::value);
	}

	@Override
	public void put(String key, StoredValue value, @Nullable Duration ttl) {
		this.ref.set(key, value, ttl);
	}

	@Override
	public CompletableFuture<@Nullable Void> store(String key, StoredValue value, @Nullable Duration ttl) {
		return this.ref.setAsync(key, value, ttl).thenApply((written) -> null);
	}

	@Override
	public boolean putIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return this.ref.setIfAbsent(key, value, ttl);
	}

	@Override
	public boolean replace(String key, StoredValue expected, StoredValue value, @Nullable Duration ttl) {
		return this.ref.compareAndSet(key, expected, value, ttl);
	}

	@Override
	public boolean remove(String key, StoredValue expected) {
		return this.ref.compareAndSet(key, expected, null, null);
	}

	@Override
	public boolean evict(String key) {
		return Boolean.TRUE.equals(this.ref.delete(key));
	}

	@Override
	public long clean(String prefix) {
		return this.ref.deleteByPrefix(prefix);
	}

	@Override
	public List<String> keys(String prefix) {
		return this.ref.keysByPrefix(prefix);
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return this.ref.increment(key, delta, ttl);
	}

	@Override
	public <V> V flight(String key, Supplier<V> work) {
		return this.ref.singleFlight(key, work);
	}

	@Override
	public <V> CompletableFuture<V> flightAsync(String key, Supplier<CompletableFuture<V>> work) {
		return this.ref.singleFlightAsync(key, work);
	}

	@Override
	public @Nullable NearCacheStatistics statistics() {
		return this.statistics;
	}

	@Override
	public String toString() {
		return "CacheObjStore[" + this.ref.name() + "]";
	}

}
