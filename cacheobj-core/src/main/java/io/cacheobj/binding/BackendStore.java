package io.cacheobj.binding;

import java.time.Duration;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * One backend's store: the only path between a key and the backend, for properties, the
 * repository, write batches, the Spring cache and JCache alike. It composes the backend
 * with its near cache ({@link NearCacheFront}), its {@code on-error} policy
 * ({@link BackendErrorPolicy}), its {@code on-decode-error} policy
 * ({@link DecodePolicy}), and the one load-through of a missing key
 * ({@link LoadThrough}), with its single flights; nothing else holds them.
 * <p>
 * A read answers one type, {@link ReadResult}: a value, absent, or a failure the
 * {@code on-error: ignore} policy turned into no answer. The policy is not a
 * {@link io.cacheobj.backend.CacheBackendDecorator}: a property must know that its write
 * failed, even when the failure is ignored, to forget what it remembered, so an ignored
 * failure is a distinct answer here ({@link ReadResult#FAILED}, {@code false}), not a
 * silent success. Values are bytes, decoded with the codec the caller gives.
 */
final class BackendStore implements CacheObjStore {

	private final String name;

	private final CacheBackend backend;

	private final @Nullable Duration defaultTtl;

	private final BackendErrorPolicy errors;

	private final DecodePolicy decoding;

	private final @Nullable NearCacheFront near;

	private final LoadThrough loads = new LoadThrough(this);

	private final @Nullable NearCacheStatistics statistics;

	/**
	 * Create a reference.
	 * @param name the bean name of the backend
	 * @param backend the backend, with its decorators
	 * @param defaultTtl the time to live of properties that set none, or {@code null}
	 * @param ignoreFailures whether a {@link CacheBackendException} acts as a miss on
	 * reads and is logged on writes instead of being thrown
	 * @param nearCache the backend's near cache, or {@code null}
	 * @param missOnDecodeError whether a value that does not decode reads as absent
	 * instead of raising a {@link CacheValueException}
	 */
	BackendStore(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures,
			@Nullable NearCache nearCache, boolean missOnDecodeError) {
		this(name, backend, defaultTtl, new BackendErrorPolicy(name, ignoreFailures),
				new DecodePolicy(name, missOnDecodeError),
				(nearCache != null) ? new NearCacheFront(nearCache, backend) : null);
	}

	private BackendStore(String name, CacheBackend backend, @Nullable Duration defaultTtl, BackendErrorPolicy errors,
			DecodePolicy decoding, @Nullable NearCacheFront near) {
		this.name = name;
		this.backend = backend;
		this.defaultTtl = defaultTtl;
		this.errors = errors;
		this.decoding = decoding;
		this.near = near;
		this.statistics = (near != null) ? new NearCacheStatistics(near.nearCache()) : null;
	}

	BackendStore withIgnoreFailures() {
		return new BackendStore(this.name, this.backend, this.defaultTtl, this.errors.ignoring(), this.decoding,
				this.near);
	}

	BackendStore withNearCache(NearCache nearCache) {
		return new BackendStore(this.name, this.backend, this.defaultTtl, this.errors, this.decoding,
				new NearCacheFront(nearCache, this.backend));
	}

	BackendStore withMissOnDecodeError() {
		return new BackendStore(this.name, this.backend, this.defaultTtl, this.errors, this.decoding.missing(),
				this.near);
	}

	@Override
	public String backendName() {
		return this.name;
	}

	CacheBackend backend() {
		return this.backend;
	}

	@Nullable Duration defaultTtl() {
		return this.defaultTtl;
	}

	@Nullable NearCache nearCache() {
		NearCacheFront near = this.near;
		return (near != null) ? near.nearCache() : null;
	}

	/**
	 * Return how many values read from this backend did not decode.
	 * @return the number of decode errors, whether thrown or read as absent
	 */
	long decodeErrors() {
		return this.decoding.errors();
	}

	/**
	 * Decode a value read from this backend, applying its decode policy (see
	 * {@link DecodePolicy}).
	 * @param key the key it was read from
	 * @param stored the value, or {@code null} when absent
	 * @param codec the property's codec
	 * @return the decoded value, or {@code null} when absent or undecodable and missed
	 */
	@Nullable Object decode(String key, @Nullable StoredValue stored, ValueCodec<Object> codec) {
		return this.decoding.decode(key, stored, codec);
	}

	/**
	 * Return the near cache's copy of a key, the hit path of a read: apart from
	 * {@link #fetch} to stay small enough to inline.
	 * @param key the key
	 * @return the copy, or {@code null} when there is no near cache or it missed
	 */
	@Nullable NearCacheCopy cached(String key) {
		NearCacheFront near = this.near;
		return (near != null) ? near.find(key) : null;
	}

	/**
	 * Read a key that {@link #cached} did not serve, through the near cache when there is
	 * one, which keeps the answer unless it was invalidated meanwhile.
	 * @param key the key
	 * @return what was read
	 */
	ReadResult fetch(String key) {
		NearCacheFront near = this.near;
		return (near != null) ? near.fetchThrough(key, this::fetchFromBackend) : fetchFromBackend(key);
	}

	/**
	 * Return whether this backend has a near cache.
	 * @return whether reads may be served locally
	 */
	boolean isNearCached() {
		return this.near != null;
	}

	/**
	 * Read a value from the backend itself, never from the near cache, and decode it with
	 * the caller's codec under the decode policy, without allocating: the read of a
	 * backend without a near cache, and of counters. An ignored failure is
	 * {@link ReadResult#FAILED}, which no codec decodes to.
	 * @param key the key
	 * @param codec the caller's codec
	 * @return the decoded value, {@code null} when absent (or undecodable and missed), or
	 * {@link ReadResult#FAILED}
	 */
	@Nullable Object readDecoded(String key, ValueCodec<Object> codec) {
		Object read = backendRead(key);
		return (read != ReadResult.FAILED) ? this.decoding.decode(key, (StoredValue) read, codec) : read;
	}

	private ReadResult fetchFromBackend(String key) {
		Object read = backendRead(key);
		return (read != ReadResult.FAILED) ? ReadResult.of((StoredValue) read) : ReadResult.FAILED;
	}

	/**
	 * Read the backend itself under the {@code on-error} policy, without allocating.
	 * @return the value, {@code null} when absent, or {@link ReadResult#FAILED}
	 */
	private @Nullable Object backendRead(String key) {
		try {
			return this.backend.get(key);
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(key, ex, false);
			return ReadResult.FAILED;
		}
	}

	/**
	 * Read one value without blocking, from the near cache when it has it.
	 * @param key the key
	 * @return what was read
	 */
	CompletableFuture<ReadResult> getAsync(String key) {
		NearCacheFront near = this.near;
		return (near != null) ? near.getAsync(key, () -> fetchAsync(key)) : fetchAsync(key);
	}

	private CompletableFuture<ReadResult> fetchAsync(String key) {
		return BackendFailures.start(() -> this.backend.getAsync(key)).handle((value, ex) -> {
			if (ex != null) {
				this.errors.rethrowUnlessIgnored(key, BackendFailures.unwrap(ex), false);
				return ReadResult.FAILED;
			}
			return ReadResult.of(value);
		});
	}

	/**
	 * Read many values in one round trip; the near cache serves what it has and the
	 * backend is asked for the rest only.
	 * @param keys the keys, not empty
	 * @param counters the positions in {@code keys} of counters, which the near cache
	 * never serves nor keeps, or {@code null} when there are none
	 * @return the values found, at the positions of their keys; none when the backend
	 * failed and failures are ignored
	 */
	@Nullable StoredValue[] getAll(List<String> keys, @Nullable BitSet counters) {
		NearCacheFront near = this.near;
		if (near == null) {
			return fetchAll(keys);
		}
		NearCacheFront.BulkRead read = near.bulkRead(keys, counters);
		List<String> missing = read.missing();
		if (missing.isEmpty()) {
			return read.values();
		}
		try {
			return read.complete(near.fetchMissing(read, this.backend::getAllInOrder));
		}
		catch (RuntimeException ex) {
			read.release();
			this.errors.rethrowUnlessIgnored(missing.get(0), ex, false);
			return read.values();
		}
	}

	/**
	 * Read many values without blocking; see {@link #getAll}.
	 * @param keys the keys, not empty
	 * @param counters the positions of counters in {@code keys}, or {@code null}
	 * @return the values found, at the positions of their keys
	 */
	CompletableFuture<@Nullable StoredValue[]> getAllAsync(List<String> keys, @Nullable BitSet counters) {
		NearCacheFront near = this.near;
		NearCacheFront.BulkRead read = (near != null) ? near.bulkRead(keys, counters) : null;
		List<String> missing = (read != null) ? read.missing() : keys;
		if (missing.isEmpty()) {
			return CompletableFuture.completedFuture(read.values());
		}
		return BackendFailures
			.start(() -> (read != null) ? near.fetchMissingAsync(read, this.backend::getAllInOrderAsync)
					: this.backend.getAllInOrderAsync(missing))
			.handle((fetched, ex) -> {
				if (ex != null) {
					if (read != null) {
						read.release();
					}
					this.errors.rethrowUnlessIgnored(missing.get(0), BackendFailures.unwrap(ex), false);
					return (read != null) ? read.values() : new StoredValue[keys.size()];
				}
				return (read != null) ? read.complete(fetched) : fetched.toArray(new StoredValue[0]);
			});
	}

	private @Nullable StoredValue[] fetchAll(List<String> keys) {
		try {
			return this.backend.getAllInOrder(keys).toArray(new StoredValue[0]);
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(keys.get(0), ex, false);
			return new StoredValue[keys.size()];
		}
	}

	/**
	 * Write one value.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return whether it was written; {@code false} when the backend failed and failures
	 * are ignored
	 */
	boolean set(String key, StoredValue value, @Nullable Duration ttl) {
		return write(key, () -> {
			this.backend.set(key, value, ttl);
			return true;
		}, false);
	}

	/**
	 * Delete one value.
	 * @param key the key
	 * @return whether a value was deleted, or {@code null} when the backend failed and
	 * failures are ignored
	 */
	@Nullable Boolean delete(String key) {
		return write(key, () -> this.backend.delete(key), null);
	}

	/**
	 * Delete many values.
	 * @param keys the keys, not empty
	 */
	void deleteAll(Collection<String> keys) {
		try {
			this.backend.deleteAll(keys);
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(keys.iterator().next(), ex, true);
		}
		finally {
			NearCacheFront near = this.near;
			if (near != null) {
				near.evict(keys);
			}
		}
	}

	@Override
	public long clean(String prefix) {
		try {
			return this.backend.deleteByPrefix(prefix);
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(prefix, ex, true);
			return 0;
		}
		finally {
			NearCacheFront near = this.near;
			if (near != null) {
				near.evictByPrefix(prefix);
			}
		}
	}

	@Override
	public List<String> keys(String prefix) {
		try {
			return this.backend.keysByPrefix(prefix);
		}
		catch (UnsupportedOperationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(prefix, ex, false);
			return List.of();
		}
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		return write(key, () -> this.backend.increment(key, delta, ttl), 0L);
	}

	/**
	 * Make many writes in one bulk write.
	 * @param writes the writes, not empty
	 * @return whether every write was made; {@code false} when the backend failed and
	 * failures are ignored
	 * @throws CacheBackendException when the backend failed, saying how many writes did
	 */
	boolean writeAll(List<CacheWrite> writes) {
		try {
			this.backend.writeAll(writes);
			return true;
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(writes, ex);
			return false;
		}
		finally {
			evictWritten(writes);
		}
	}

	/**
	 * Make many writes in one bulk write without blocking; see {@link #writeAll}.
	 * @param writes the writes, not empty
	 * @return whether every write was made, or completed exceptionally with what
	 * {@link #writeAll} would throw
	 */
	CompletableFuture<Boolean> writeAllAsync(List<CacheWrite> writes) {
		return BackendFailures.start(() -> this.backend.writeAllAsync(writes)).handle((written, ex) -> {
			evictWritten(writes);
			if (ex != null) {
				this.errors.rethrowUnlessIgnored(writes, BackendFailures.unwrap(ex));
				return false;
			}
			return true;
		});
	}

	private void evictWritten(List<CacheWrite> writes) {
		NearCacheFront near = this.near;
		if (near != null) {
			near.evictWritten(writes);
		}
	}

	/**
	 * Write one value without blocking.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return whether it was written; {@code false} when the backend failed and failures
	 * are ignored
	 */
	CompletableFuture<Boolean> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return writeAsync(key, () -> this.backend.setAsync(key, value, ttl), (result) -> true, false);
	}

	/**
	 * Delete many values without blocking.
	 * @param keys the keys, not empty
	 * @return completed when they are deleted, or the failure ignored
	 */
	CompletableFuture<Boolean> deleteAllAsync(Collection<String> keys) {
		return BackendFailures.start(() -> this.backend.deleteAllAsync(keys)).handle((deleted, ex) -> {
			NearCacheFront near = this.near;
			if (near != null) {
				near.evict(keys);
			}
			if (ex != null) {
				this.errors.rethrowUnlessIgnored(keys.iterator().next(), BackendFailures.unwrap(ex), true);
				return false;
			}
			return true;
		});
	}

	/**
	 * Add to a counter without blocking.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the backend failed and failures are ignored
	 */
	CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return writeAsync(key, () -> this.backend.incrementAsync(key, delta, ttl), (value) -> value, 0L);
	}

	@Override
	public boolean putIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		return write(key, () -> this.backend.setIfAbsent(key, value, ttl), false);
	}

	/**
	 * Replace a value only when its bytes equal {@code expected}'s.
	 * @return whether it was replaced; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		return write(key, () -> this.backend.compareAndSet(key, expected, update, ttl), false);
	}

	/**
	 * Replace a value and return the one it replaced.
	 * @return the previous value, or {@link ReadResult#FAILED}
	 */
	ReadResult getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return write(key, () -> ReadResult.of(this.backend.getAndSet(key, value, ttl)), ReadResult.FAILED);
	}

	/**
	 * Give a value a new time to live.
	 * @return whether the key existed; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean touch(String key, Duration ttl) {
		return write(key, () -> this.backend.touch(key, ttl), false);
	}

	/**
	 * Make a write of one key: its failure goes through the {@code on-error} policy, and
	 * the key's local copy is dropped whatever happened.
	 */
	private <T> T write(String key, Supplier<T> operation, T whenIgnored) {
		try {
			return operation.get();
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(key, ex, true);
			return whenIgnored;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Make a write of one key without blocking, as {@link #write} does.
	 */
	private <R, T> CompletableFuture<T> writeAsync(String key, Supplier<CompletableFuture<R>> operation,
			Function<R, T> result, T whenIgnored) {
		return BackendFailures.start(operation).handle((answer, ex) -> {
			evictLocal(key);
			if (ex != null) {
				this.errors.rethrowUnlessIgnored(key, BackendFailures.unwrap(ex), true);
				return whenIgnored;
			}
			return result.apply(answer);
		});
	}

	private void evictLocal(String key) {
		NearCacheFront near = this.near;
		if (near != null) {
			near.evict(key);
		}
	}

	@Override
	public String toString() {
		return "BackendStore[" + this.name + "]";
	}

	@Override
	public @Nullable StoredValue get(String key) {
		NearCacheFront near = this.near;
		if (near == null) {
			Object read = backendRead(key);
			return (read != ReadResult.FAILED) ? (StoredValue) read : null;
		}
		NearCacheCopy copy = near.find(key);
		return (copy != null) ? copy.value() : fetch(key).value();
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> retrieve(String key) {
		return getAsync(key).thenApply(ReadResult::value);
	}

	@Override
	public void put(String key, StoredValue value, @Nullable Duration ttl) {
		set(key, value, ttl);
	}

	@Override
	public CompletableFuture<@Nullable Void> store(String key, StoredValue value, @Nullable Duration ttl) {
		return setAsync(key, value, ttl).thenApply((written) -> null);
	}

	@Override
	public <V> @Nullable V putIfAbsentOrGet(String key, StoredValue value,
			Function<? super StoredValue, ? extends @Nullable V> reader, @Nullable Duration ttl) {
		return this.loads.settle(key, null, value, reader, ttl);
	}

	@Override
	public boolean replace(String key, StoredValue expected, StoredValue value, @Nullable Duration ttl) {
		return compareAndSet(key, expected, value, ttl);
	}

	@Override
	public boolean remove(String key, StoredValue expected) {
		return compareAndSet(key, expected, null, null);
	}

	@Override
	public boolean evict(String key) {
		return Boolean.TRUE.equals(delete(key));
	}

	@Override
	public <V> @Nullable V computeIfAbsent(String key, Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends @Nullable V> loader, Function<? super V, StoredValue> writer, @Nullable Duration ttl) {
		return this.loads.computeIfAbsent(key, reader, loader, writer, ttl);
	}

	@Override
	public <V> CompletableFuture<@Nullable V> computeIfAbsentAsync(String key,
			Function<? super StoredValue, ? extends @Nullable V> reader,
			Supplier<? extends CompletableFuture<? extends @Nullable V>> loader,
			Function<? super V, StoredValue> writer, @Nullable Duration ttl) {
		return this.loads.computeIfAbsentAsync(key, reader, loader, writer, ttl);
	}

	@Override
	public @Nullable NearCacheStatistics statistics() {
		return this.statistics;
	}

}
