package io.cacheobj.binding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;

import io.cacheobj.CachedValue;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A {@link CachedValue} bound to one key, remembering what it last read or wrote.
 *
 * @param <T> the value type
 */
final class BoundValue<T> implements CachedValue<T>, BoundProperty {

	private static final Object UNKNOWN = new Object();

	private final String key;

	private final PropertyMetadata metadata;

	private static final VarHandle MEMO;

	static {
		try {
			MEMO = MethodHandles.lookup().findVarHandle(BoundValue.class, "memo", Object.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * What this object last read or wrote; published with release and read with acquire
	 * semantics, which cost nothing on the read path, unlike a volatile write.
	 */
	private @Nullable Object memo = UNKNOWN;

	BoundValue(String key, PropertyMetadata metadata) {
		this.key = key;
		this.metadata = metadata;
	}

	@Override
	public @Nullable T get() {
		StoredValue stored = backend().get(this.key, true);
		if (stored == BackendRef.FAILED) {
			return null;
		}
		T value = decode(stored);
		MEMO.setRelease(this, value);
		return value;
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable T getCached() {
		Object memo = MEMO.getAcquire(this);
		return (memo != UNKNOWN) ? (T) memo : get();
	}

	@Override
	public void set(@Nullable T value) {
		write(value, this.metadata.ttl());
	}

	@Override
	public void set(@Nullable T value, Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		write(value, ttl);
	}

	private void write(@Nullable T value, @Nullable Duration ttl) {
		if (value == null) {
			delete();
			return;
		}
		StoredValue stored = this.metadata.codec().encode(this.key, value);
		MEMO.setRelease(this, backend().set(this.key, stored, ttl) ? value : UNKNOWN);
	}

	@Override
	public boolean delete() {
		Boolean deleted = backend().delete(this.key);
		MEMO.setRelease(this, (deleted != null) ? null : UNKNOWN);
		return Boolean.TRUE.equals(deleted);
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
		MEMO.setRelease(this, decode(value));
	}

	@SuppressWarnings("unchecked")
	private @Nullable T decode(@Nullable StoredValue stored) {
		return (T) backend().decode(this.key, stored, this.metadata.codec());
	}

	private BackendRef backend() {
		return this.metadata.backend();
	}

	@Override
	public String toString() {
		return "CachedValue[" + this.key + "]";
	}

}
