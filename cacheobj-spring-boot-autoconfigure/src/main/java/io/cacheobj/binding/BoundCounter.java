package io.cacheobj.binding;

import io.cacheobj.CachedCounter;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CachedCounter} bound to one key.
 */
final class BoundCounter implements CachedCounter, BoundProperty {

	private final String key;

	private final PropertyMetadata metadata;

	BoundCounter(String key, PropertyMetadata metadata) {
		this.key = key;
		this.metadata = metadata;
	}

	@Override
	public long get() {
		StoredValue stored;
		try {
			stored = backend().get(this.key);
		}
		catch (RuntimeException ex) {
			this.metadata.backend().rethrowUnlessIgnored(this.key, ex, false);
			return 0;
		}
		return (stored != null) ? (Long) this.metadata.codec().decode(this.key, stored) : 0;
	}

	@Override
	public long incrementAndGet() {
		return addAndGet(1);
	}

	@Override
	public long addAndGet(long delta) {
		try {
			return backend().increment(this.key, delta, this.metadata.ttl());
		}
		catch (RuntimeException ex) {
			this.metadata.backend().rethrowUnlessIgnored(this.key, ex, true);
			return 0;
		}
	}

	@Override
	public void set(long value) {
		StoredValue stored = this.metadata.codec().encode(this.key, value);
		try {
			backend().set(this.key, stored, this.metadata.ttl());
		}
		catch (RuntimeException ex) {
			this.metadata.backend().rethrowUnlessIgnored(this.key, ex, true);
		}
	}

	@Override
	public boolean delete() {
		try {
			return backend().delete(this.key);
		}
		catch (RuntimeException ex) {
			this.metadata.backend().rethrowUnlessIgnored(this.key, ex, true);
			return false;
		}
	}

	@Override
	public String key() {
		return this.key;
	}

	@Override
	public PropertyMetadata metadata() {
		return this.metadata;
	}

	@Override
	public void loaded(@Nullable StoredValue value) {
	}

	private CacheBackend backend() {
		return this.metadata.backend().backend();
	}

	@Override
	public String toString() {
		return "CachedCounter[" + this.key + "]";
	}

}
