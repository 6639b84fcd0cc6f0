package io.cacheobj.binding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.cacheobj.CachedValue;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link CachedValue} bound to one key, remembering what it last read or wrote.
 *
 * @param <T> the value type
 */
final class BoundValue<T> extends BoundProperty implements CachedValue<T> {

	private static final Object UNKNOWN = new Object();

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

	/**
	 * The near cache's copy this property was last served from, read again without a
	 * lookup while the near cache holds it; a racy read of an immutable but for its
	 * validity, which is volatile.
	 */
	private @Nullable NearCacheCopy copy;

	BoundValue(String key, PropertyMetadata metadata) {
		super(key, metadata);
	}

	@Override
	@SuppressWarnings("unchecked")
	public @Nullable T get() {
		NearCacheCopy copy = this.copy;
		if (copy != null && copy.reread()) {
			return remember(copy.value());
		}
		BackendStore store = store();
		if (!store.isNearCached()) {
			Object value = store.readDecoded(this.key, this.metadata.codec());
			if (value == ReadResult.FAILED) {
				return null;
			}
			MEMO.setRelease(this, value);
			return (T) value;
		}
		NearCacheCopy found = store.cached(this.key);
		if (found == null) {
			ReadResult read = store.fetch(this.key);
			found = read.copy();
			if (found == null) {
				return remember(read);
			}
		}
		this.copy = found;
		return remember(found.value());
	}

	/**
	 * Decode what the backend answered and remember it; an ignored failure reads as a
	 * miss and leaves the memo as it was.
	 */
	private @Nullable T remember(ReadResult read) {
		return read.failed() ? null : remember(read.value());
	}

	private @Nullable T remember(@Nullable StoredValue stored) {
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
		MEMO.setRelease(this, store().set(this.key, stored, ttl) ? value : UNKNOWN);
	}

	@Override
	public boolean delete() {
		Boolean deleted = store().delete(this.key);
		MEMO.setRelease(this, (deleted != null) ? null : UNKNOWN);
		return Boolean.TRUE.equals(deleted);
	}

	@Override
	public CompletableFuture<@Nullable T> getAsync() {
		return store().getAsync(this.key).thenApply((read) -> remember(read));
	}

	@Override
	public CompletableFuture<Void> setAsync(@Nullable T value) {
		return writeAsync(value, this.metadata.ttl());
	}

	@Override
	public CompletableFuture<Void> setAsync(@Nullable T value, Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return writeAsync(value, ttl);
	}

	private CompletableFuture<Void> writeAsync(@Nullable T value, @Nullable Duration ttl) {
		CompletableFuture<Boolean> written;
		if (value == null) {
			written = store().deleteAllAsync(List.of(this.key));
		}
		else {
			StoredValue stored;
			try {
				stored = this.metadata.codec().encode(this.key, value);
			}
			catch (RuntimeException ex) {
				return CompletableFuture.failedFuture(ex);
			}
			written = store().setAsync(this.key, stored, ttl);
		}
		return written.thenAccept((ok) -> MEMO.setRelease(this, ok ? value : UNKNOWN));
	}

	@Override
	public boolean setIfAbsent(T value) {
		return storeIfAbsent(value, this.metadata.ttl());
	}

	@Override
	public boolean setIfAbsent(T value, Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return storeIfAbsent(value, ttl);
	}

	private boolean storeIfAbsent(T value, @Nullable Duration ttl) {
		Assert.notNull(value, "'value' must not be null");
		boolean written = store().putIfAbsent(this.key, this.metadata.codec().encode(this.key, value), ttl);
		MEMO.setRelease(this, written ? value : UNKNOWN);
		return written;
	}

	@Override
	public boolean compareAndSet(@Nullable T expected, @Nullable T update) {
		boolean replaced = store().compareAndSet(this.key, encode(expected), encode(update), this.metadata.ttl());
		MEMO.setRelease(this, replaced ? update : UNKNOWN);
		return replaced;
	}

	@Override
	public @Nullable T getAndSet(@Nullable T value) {
		ReadResult previous = store().getAndSet(this.key, encode(value), this.metadata.ttl());
		if (previous.failed()) {
			MEMO.setRelease(this, UNKNOWN);
			return null;
		}
		MEMO.setRelease(this, value);
		return decode(previous.value());
	}

	@Override
	public boolean touch(Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return store().touch(this.key, ttl);
	}

	@Override
	public @Nullable T computeIfAbsent(Supplier<? extends @Nullable T> loader) {
		return compute(loader, this.metadata.ttl());
	}

	@Override
	public @Nullable T computeIfAbsent(Supplier<? extends @Nullable T> loader, Duration ttl) {
		BackendFailures.requirePositive("'ttl'", ttl);
		return compute(loader, ttl);
	}

	/**
	 * Read the value; on a miss, load it through the store's one load-through: one caller
	 * in this JVM runs the loader and stores its result only where the key is still
	 * absent ({@code SET NX}, or {@code add}), the others waiting for it.
	 */
	private @Nullable T compute(Supplier<? extends @Nullable T> loader, @Nullable Duration ttl) {
		Assert.notNull(loader, "'loader' must not be null");
		T value = get();
		if (value != null) {
			return value;
		}
		T result = store().computeIfAbsent(this.key, this::decode, loader,
				(computed) -> this.metadata.codec().encode(this.key, computed), ttl);
		MEMO.setRelease(this, result);
		return result;
	}

	private @Nullable StoredValue encode(@Nullable T value) {
		return (value != null) ? this.metadata.codec().encode(this.key, value) : null;
	}

	/**
	 * Remember what a batch wrote, as {@link #set} does.
	 * @param value the value written, {@code null} for a deletion
	 */
	void written(@Nullable Object value) {
		MEMO.setRelease(this, value);
	}

	/**
	 * Forget what this object remembered, after a batch's write of it failed.
	 */
	void forget() {
		MEMO.setRelease(this, UNKNOWN);
	}

	@Override
	public void loaded(@Nullable StoredValue value) {
		MEMO.setRelease(this, decode(value));
	}

	@SuppressWarnings("unchecked")
	private @Nullable T decode(@Nullable StoredValue stored) {
		return (T) store().decode(this.key, stored, this.metadata.codec());
	}

	private BackendStore store() {
		return this.metadata.store();
	}

	@Override
	public String toString() {
		return "CachedValue[" + this.key + "]";
	}

}
