package io.cacheobj.backend.memcached;

import io.cacheobj.backend.StoredValue;
import net.spy.memcached.CachedData;
import net.spy.memcached.transcoders.Transcoder;

/**
 * Stores a {@link StoredValue}'s bytes and flags as they are, and reads every item as
 * one. It replaces spymemcached's default transcoder, which falls back to Java
 * serialization: a shared cache is untrusted input, and cacheobj never deserializes Java
 * objects.
 */
final class StoredValueTranscoder implements Transcoder<Object> {

	private final int maxSize;

	StoredValueTranscoder(int maxSize) {
		this.maxSize = maxSize;
	}

	@Override
	public boolean asyncDecode(CachedData data) {
		return false;
	}

	@Override
	public CachedData encode(Object value) {
		if (!(value instanceof StoredValue stored)) {
			throw new IllegalArgumentException("Only StoredValue is written, not " + value.getClass().getName());
		}
		return new CachedData(stored.flags(), stored.bytes(), this.maxSize);
	}

	@Override
	public Object decode(CachedData data) {
		return new StoredValue(data.getData(), data.getFlags());
	}

	@Override
	public int getMaxSize() {
		return this.maxSize;
	}

}
