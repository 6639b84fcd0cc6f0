package io.cacheobj.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CacheBackend} that records every call made to it and passes it on.
 */
public class RecordingCacheBackend implements CacheBackend {

	private final CacheBackend delegate;

	private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

	private volatile @Nullable Duration lastTtl;

	public RecordingCacheBackend(CacheBackend delegate) {
		this.delegate = delegate;
	}

	/**
	 * Return the calls made so far, such as {@code get UserCache.1.name} or
	 * {@code getAll [UserCache.1.name, UserCache.1.username]}.
	 * @return the calls
	 */
	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	public void clear() {
		this.calls.clear();
	}

	public @Nullable Duration lastTtl() {
		return this.lastTtl;
	}

	@Override
	public @Nullable StoredValue get(String key) {
		this.calls.add("get " + key);
		return this.delegate.get(key);
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		this.calls.add("getAll " + keys);
		return this.delegate.getAll(keys);
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		this.calls.add("set " + key);
		this.lastTtl = ttl;
		this.delegate.set(key, value, ttl);
	}

	@Override
	public boolean delete(String key) {
		this.calls.add("delete " + key);
		return this.delegate.delete(key);
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		this.calls.add("deleteAll " + keys);
		return this.delegate.deleteAll(keys);
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		this.calls.add("increment " + key);
		this.lastTtl = ttl;
		return this.delegate.increment(key, delta, ttl);
	}

}
