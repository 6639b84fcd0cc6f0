package io.cacheobj.binding;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.CachedCounter;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CachedCounter} bound to one key.
 */
final class BoundCounter extends BoundProperty implements CachedCounter {

	BoundCounter(String key, PropertyMetadata metadata) {
		super(key, metadata);
	}

	@Override
	public long get() {
		Object value = store().readDecoded(this.key, this.metadata.codec());
		return (value instanceof Long count) ? count : 0;
	}

	@Override
	public long incrementAndGet() {
		return addAndGet(1);
	}

	@Override
	public long addAndGet(long delta) {
		return store().increment(this.key, delta, this.metadata.ttl());
	}

	@Override
	public void set(long value) {
		store().set(this.key, this.metadata.codec().encode(this.key, value), this.metadata.ttl());
	}

	@Override
	public boolean delete() {
		return Boolean.TRUE.equals(store().delete(this.key));
	}

	@Override
	public CompletableFuture<Long> addAndGetAsync(long delta) {
		return store().incrementAsync(this.key, delta, this.metadata.ttl());
	}

	@Override
	public boolean touch(Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return store().touch(this.key, ttl);
	}

	@Override
	public void loaded(@Nullable StoredValue value) {
	}

	private BackendStore store() {
		return this.metadata.store();
	}

	@Override
	public String toString() {
		return "CachedCounter[" + this.key + "]";
	}

}
