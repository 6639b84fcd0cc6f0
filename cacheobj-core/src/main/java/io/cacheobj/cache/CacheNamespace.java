package io.cacheobj.cache;

import java.nio.charset.StandardCharsets;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjStore;
import org.jspecify.annotations.Nullable;

/**
 * The namespace version of a cache on a backend that cannot list its keys: a counter
 * under {@code {prefix}#v} that {@link #next} increments, read again at most every
 * {@link CacheObjCache#NAMESPACE_REFRESH_NANOS}. It starts at the current time in
 * milliseconds, so that a version key the backend evicted restarts above every version
 * used before.
 */
final class CacheNamespace {

	private static final long EPOCH_FLOOR = 1_000_000_000_000L;

	private final CacheObjStore store;

	private final String key;

	private volatile long version;

	private volatile long readAt;

	private volatile boolean read;

	CacheNamespace(CacheObjStore store, String key) {
		this.store = store;
		this.key = key;
	}

	long current() {
		if (!this.read || System.nanoTime() - this.readAt > CacheObjCache.NAMESPACE_REFRESH_NANOS) {
			refresh();
		}
		return this.version;
	}

	private synchronized void refresh() {
		if (this.read && System.nanoTime() - this.readAt <= CacheObjCache.NAMESPACE_REFRESH_NANOS) {
			return;
		}
		Long stored = parse(this.store.get(this.key));
		if (stored == null) {
			this.store.putIfAbsent(this.key, text(System.currentTimeMillis()), null);
			stored = parse(this.store.get(this.key));
		}
		if (stored != null) {
			this.version = stored;
		}
		this.readAt = System.nanoTime();
		this.read = true;
	}

	synchronized void next() {
		long next = this.store.increment(this.key, 1, null);
		if (next < EPOCH_FLOOR) {
			next = System.currentTimeMillis();
			this.store.put(this.key, text(next), null);
		}
		this.version = next;
		this.readAt = System.nanoTime();
		this.read = true;
	}

	private static @Nullable Long parse(@Nullable StoredValue value) {
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(new String(value.bytes(), StandardCharsets.US_ASCII).trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static StoredValue text(long value) {
		return new StoredValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII), StoredValue.INTEGER_FLAGS);
	}

}
