package io.cacheobj.testsupport;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheBackend} that counts the calls of each of its methods and passes every
 * call on, its own and the SPI's default methods alike, so that a backend with no server
 * to ask shows its round trips.
 */
public final class CountingCacheBackend implements CacheBackend {

	private final CacheBackend delegate;

	private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();

	public CountingCacheBackend(CacheBackend delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return how often each method was called so far, by method name.
	 * @return the counts
	 */
	public Map<String, Long> calls() {
		Map<String, Long> calls = new TreeMap<>();
		this.calls.forEach((method, count) -> calls.put(method, count.get()));
		return calls;
	}

	private void count(String method) {
		this.calls.computeIfAbsent(method, (name) -> new AtomicLong()).incrementAndGet();
	}

	@Override
	public @Nullable StoredValue get(String key) {
		count("get");
		return this.delegate.get(key);
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		count("getAll");
		return this.delegate.getAll(keys);
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		count("getAllInOrder");
		return this.delegate.getAllInOrder(keys);
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		count("set");
		this.delegate.set(key, value, ttl);
	}

	@Override
	public boolean delete(String key) {
		count("delete");
		return this.delegate.delete(key);
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		count("deleteAll");
		return this.delegate.deleteAll(keys);
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		count("increment");
		return this.delegate.increment(key, delta, ttl);
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		count("getAsync");
		return this.delegate.getAsync(key);
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		count("getAllAsync");
		return this.delegate.getAllAsync(keys);
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		count("getAllInOrderAsync");
		return this.delegate.getAllInOrderAsync(keys);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		count("setAsync");
		return this.delegate.setAsync(key, value, ttl);
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		count("deleteAllAsync");
		return this.delegate.deleteAllAsync(keys);
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		count("incrementAsync");
		return this.delegate.incrementAsync(key, delta, ttl);
	}

	@Override
	public void writeAll(List<CacheWrite> writes) {
		count("writeAll");
		this.delegate.writeAll(writes);
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		count("writeAllAsync");
		return this.delegate.writeAllAsync(writes);
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		count("setIfAbsent");
		return this.delegate.setIfAbsent(key, value, ttl);
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		count("compareAndSet");
		return this.delegate.compareAndSet(key, expected, update, ttl);
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		count("getAndSet");
		return this.delegate.getAndSet(key, value, ttl);
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		count("touch");
		return this.delegate.touch(key, ttl);
	}

	@Override
	public long deleteByPrefix(String prefix) {
		count("deleteByPrefix");
		return this.delegate.deleteByPrefix(prefix);
	}

	@Override
	public Map<String, Object> check() {
		count("check");
		return this.delegate.check();
	}

}
