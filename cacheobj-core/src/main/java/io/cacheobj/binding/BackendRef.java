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
 * A backend as properties use it: every call a property or the repository makes goes
 * through here, which composes the backend with its near cache ({@link NearCacheFront}),
 * its {@code on-error} policy ({@link BackendErrorPolicy}), its {@code on-decode-error}
 * policy ({@link DecodePolicy}) and the single flight of loads ({@link SingleFlight}).
 * <p>
 * The policy is not a {@link io.cacheobj.backend.CacheBackendDecorator}: a property must
 * know that its write failed, even when the failure is ignored, to forget what it
 * remembered, so an ignored failure is a distinct answer here ({@link ReadResult#FAILED},
 * {@code false}), not a silent success.
 */
final class BackendRef {

	private final String name;

	private final CacheBackend backend;

	private final @Nullable Duration defaultTtl;

	private final BackendErrorPolicy errors;

	private final DecodePolicy decoding;

	private final @Nullable NearCacheFront near;

	private final SingleFlight flights = new SingleFlight();

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
	BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures,
			@Nullable NearCache nearCache, boolean missOnDecodeError) {
		this(name, backend, defaultTtl, new BackendErrorPolicy(name, ignoreFailures),
				new DecodePolicy(name, missOnDecodeError),
				(nearCache != null) ? new NearCacheFront(nearCache, backend) : null);
	}

	private BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, BackendErrorPolicy errors,
			DecodePolicy decoding, @Nullable NearCacheFront near) {
		this.name = name;
		this.backend = backend;
		this.defaultTtl = defaultTtl;
		this.errors = errors;
		this.decoding = decoding;
		this.near = near;
	}

	BackendRef withIgnoreFailures() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.errors.ignoring(), this.decoding,
				this.near);
	}

	BackendRef withNearCache(NearCache nearCache) {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.errors, this.decoding,
				new NearCacheFront(nearCache, this.backend));
	}

	BackendRef withMissOnDecodeError() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.errors, this.decoding.missing(),
				this.near);
	}

	String name() {
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

	private ReadResult fetchFromBackend(String key) {
		try {
			return ReadResult.of(fetchValue(key));
		}
		catch (IgnoredFailure ex) {
			return ReadResult.FAILED;
		}
	}

	/**
	 * Read one value from the backend itself, never from the near cache, without
	 * allocating: the read of a backend without a near cache, and of counters.
	 * @param key the key
	 * @return the value, or {@code null} when absent
	 * @throws IgnoredFailure when the backend failed and the failure is ignored
	 */
	@Nullable StoredValue fetchValue(String key) {
		try {
			return this.backend.get(key);
		}
		catch (RuntimeException ex) {
			this.errors.rethrowUnlessIgnored(key, ex, false);
			throw IgnoredFailure.INSTANCE;
		}
	}

	/**
	 * Return whether this backend has a near cache.
	 * @return whether reads may be served locally
	 */
	boolean isNearCached() {
		return this.near != null;
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

	/**
	 * Delete every value under a key prefix, and this JVM's local copies of them.
	 * @param prefix the key prefix
	 * @return how many values were deleted; {@code 0} when the backend failed and
	 * failures are ignored
	 * @throws UnsupportedOperationException when the backend cannot list its keys
	 */
	long deleteByPrefix(String prefix) {
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

	/**
	 * List the keys under a prefix.
	 * @param prefix the key prefix
	 * @return the keys; empty when the backend failed and failures are ignored
	 * @throws UnsupportedOperationException when the backend cannot list its keys
	 */
	List<String> keysByPrefix(String prefix) {
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

	/**
	 * Add to a counter.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the backend failed and failures are ignored
	 */
	long increment(String key, long delta, @Nullable Duration ttl) {
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

	/**
	 * Write a value only when the key has none.
	 * @return whether it was written; {@code false} too when the backend failed and
	 * failures are ignored
	 */
	boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
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
	 * Run the work that fills a key at most once at a time in this JVM (see
	 * {@link SingleFlight}).
	 * @param key the key
	 * @param work what computes the value
	 * @return what the work returned, in this call or the one under way
	 */
	<V> V singleFlight(String key, Supplier<V> work) {
		return this.flights.run(key, work);
	}

	/**
	 * Start the work that fills a key unless one is under way, without blocking (see
	 * {@link SingleFlight#runAsync}).
	 * @param key the key
	 * @param work what starts computing the value
	 * @return the future of this work or of the one under way
	 */
	<V> CompletableFuture<V> singleFlightAsync(String key, Supplier<CompletableFuture<V>> work) {
		return this.flights.runAsync(key, work);
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
		return "BackendRef[" + this.name + "]";
	}

	/**
	 * What {@link #fetchValue} throws when the backend failed and its {@code on-error}
	 * policy ignores the failure, so that the read has no answer. One instance without a
	 * stack trace; it never leaves the binding.
	 */
	static final class IgnoredFailure extends RuntimeException {

		static final IgnoredFailure INSTANCE = new IgnoredFailure();

		private IgnoredFailure() {
			super("A backend failure ignored by its on-error policy", null, false, false);
		}

	}

}
