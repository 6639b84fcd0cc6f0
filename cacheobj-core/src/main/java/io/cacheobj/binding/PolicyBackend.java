package io.cacheobj.binding;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A backend as properties use it, behind the {@link CacheBackend} interface: reads go
 * through the near cache, writes keep it right, and the backend's {@code on-error} policy
 * applies, an ignored failure reading as a miss and a failed write being logged.
 */
final class PolicyBackend implements CacheBackend {

	private final BackendRef ref;

	PolicyBackend(BackendRef ref) {
		this.ref = ref;
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
		NearCache.Copy copy = this.ref.cached(key);
		return (copy != null) ? copy.value() : this.ref.fetch(key).value();
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		List<String> list = List.copyOf(keys);
		@Nullable StoredValue[] values = this.ref.getAll(list, null);
		Map<String, StoredValue> found = new LinkedHashMap<>();
		for (int i = 0; i < values.length; i++) {
			StoredValue value = values[i];
			if (value != null) {
				found.put(list.get(i), value);
			}
		}
		return found;
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		return keys.isEmpty() ? List.of() : Arrays.asList(this.ref.getAll(keys, null));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		this.ref.set(key, value, ttl);
	}

	@Override
	public boolean delete(String key) {
		return Boolean.TRUE.equals(this.ref.delete(key));
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (!keys.isEmpty()) {
			this.ref.deleteAll(keys);
		}
		return 0;
	}

	@Override
	public long deleteByPrefix(String prefix) {
		return this.ref.deleteByPrefix(prefix);
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return this.ref.increment(key, delta, ttl);
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return this.ref.getAsync(key).thenApply(ReadResult::value);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return this.ref.setAsync(key, value, ttl).thenApply((written) -> null);
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return this.ref.setIfAbsent(key, value, ttl);
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return this.ref.getAndSet(key, value, ttl).value();
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return this.ref.compareAndSet(key, expected, update, ttl);
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return this.ref.touch(key, ttl);
	}

	@Override
	public Map<String, Object> check() {
		return this.ref.backend().check();
	}

	@Override
	public String toString() {
		return "PolicyBackend[" + this.ref.name() + "]";
	}

}
