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
		StoredValue stored;
		try {
			stored = backend().fetchValue(this.key);
		}
		catch (BackendRef.IgnoredFailure ex) {
			return 0;
		}
		Object value = backend().decode(this.key, stored, this.metadata.codec());
		return (value != null) ? (Long) value : 0;
	}

	@Override
	public long incrementAndGet() {
		return addAndGet(1);
	}

	@Override
	public long addAndGet(long delta) {
		return backend().increment(this.key, delta, this.metadata.ttl());
	}

	@Override
	public void set(long value) {
		backend().set(this.key, this.metadata.codec().encode(this.key, value), this.metadata.ttl());
	}

	@Override
	public boolean delete() {
		return Boolean.TRUE.equals(backend().delete(this.key));
	}

	@Override
	public CompletableFuture<Long> addAndGetAsync(long delta) {
		return backend().incrementAsync(this.key, delta, this.metadata.ttl());
	}

	@Override
	public boolean touch(Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return backend().touch(this.key, ttl);
	}

	@Override
	public void loaded(@Nullable StoredValue value) {
	}

	private BackendRef backend() {
		return this.metadata.backend();
	}

	@Override
	public String toString() {
		return "CachedCounter[" + this.key + "]";
	}

}
