package io.cacheobj.binding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A backend's near cache as its {@link BackendStore} uses it: reads it serves, reads
 * through it that keep the backend's answer unless it was invalidated meanwhile, and the
 * copies this JVM's own writes drop. When the server reports only the keys read through
 * the near cache's invalidation source (Redis's {@code OPTIN} tracking), the reads to
 * keep are made there instead of on the backend.
 */
final class NearCacheFront {

	private final NearCache near;

	private final CacheBackend backend;

	NearCacheFront(NearCache near, CacheBackend backend) {
		this.near = near;
		this.backend = backend;
	}

	NearCache nearCache() {
		return this.near;
	}

	/**
	 * Return the copy of a key, counting the hit or the miss.
	 * @param key the key
	 * @return the copy, or {@code null} on a miss
	 */
	@Nullable NearCacheCopy find(String key) {
		return this.near.find(key);
	}

	/**
	 * Read a key the near cache missed, and keep the answer unless it was invalidated
	 * meanwhile.
	 * @param key the key
	 * @param fetch reads the backend
	 * @return what the backend answered, with the copy kept when one was
	 */
	ReadResult fetchThrough(String key, Function<String, ReadResult> fetch) {
		Object reservation = this.near.reserve(key);
		InvalidationSource through = this.near.readsThrough();
		if (reservation != null && through != null) {
			return fetchTracked(key, reservation, through, fetch);
		}
		ReadResult read = fetch.apply(key);
		if (reservation != null) {
			if (read.failed()) {
				this.near.release(key, reservation);
			}
			else {
				NearCacheCopy kept = this.near.complete(key, reservation, read.value());
				if (kept != null) {
					return ReadResult.kept(kept);
				}
			}
		}
		return read;
	}

	/**
	 * Read a reserved key through the source that reports only the keys read through it;
	 * when it cannot, or fails, read the backend and keep nothing.
	 */
	private ReadResult fetchTracked(String key, Object reservation, InvalidationSource through,
			Function<String, ReadResult> fetch) {
		CompletableFuture<@Nullable StoredValue> tracked = this.backend.readToKeep(through, key);
		if (tracked != null) {
			StoredValue value;
			try {
				value = tracked.join();
			}
			catch (CompletionException | CancellationException ex) {
				this.near.release(key, reservation);
				return fetch.apply(key);
			}
			NearCacheCopy kept = this.near.complete(key, reservation, value);
			return (kept != null) ? ReadResult.kept(kept) : ReadResult.of(value);
		}
		this.near.release(key, reservation);
		return fetch.apply(key);
	}

	/**
	 * Read a key without blocking: served by the near cache when it has it, else read
	 * through it as {@link #fetchThrough} does.
	 * @param key the key
	 * @param fetch starts the backend's read
	 * @return what was read
	 */
	CompletableFuture<ReadResult> getAsync(String key, Supplier<CompletableFuture<ReadResult>> fetch) {
		NearCacheCopy cached = this.near.find(key);
		if (cached != null) {
			return CompletableFuture.completedFuture(ReadResult.kept(cached));
		}
		Object reservation = this.near.reserve(key);
		InvalidationSource through = this.near.readsThrough();
		if (reservation != null && through != null) {
			return fetchTrackedAsync(key, reservation, through, fetch);
		}
		CompletableFuture<ReadResult> read = fetch.get();
		if (reservation == null) {
			return read;
		}
		return read.whenComplete((result, ex) -> {
			if (ex != null || result.failed()) {
				this.near.release(key, reservation);
			}
			else {
				this.near.complete(key, reservation, result.value());
			}
		});
	}

	private CompletableFuture<ReadResult> fetchTrackedAsync(String key, Object reservation, InvalidationSource through,
			Supplier<CompletableFuture<ReadResult>> fetch) {
		CompletableFuture<@Nullable StoredValue> tracked = this.backend.readToKeep(through, key);
		if (tracked == null) {
			this.near.release(key, reservation);
			return fetch.get();
		}
		return tracked.handle((value, ex) -> {
			if (ex != null) {
				this.near.release(key, reservation);
				return fetch.get();
			}
			NearCacheCopy kept = this.near.complete(key, reservation, value);
			return CompletableFuture.completedFuture((kept != null) ? ReadResult.kept(kept) : ReadResult.of(value));
		}).thenCompose(Function.identity());
	}

	/**
	 * Read the keys a bulk read did not find locally: through the source that reports
	 * only the keys read through it, when the near cache has one and reserved a key;
	 * else, or when that read cannot be made or fails, with the backend's read, keeping
	 * nothing.
	 * @param read the bulk read
	 * @param fetch reads the backend
	 * @return the values of {@link BulkRead#missing()}, at their positions
	 */
	List<@Nullable StoredValue> fetchMissing(BulkRead read, Function<List<String>, List<@Nullable StoredValue>> fetch) {
		InvalidationSource through = this.near.readsThrough();
		if (through != null && read.reservesAny()) {
			CompletableFuture<List<@Nullable StoredValue>> tracked = this.backend.readAllToKeep(through,
					read.missing());
			if (tracked != null) {
				try {
					return tracked.join();
				}
				catch (CompletionException | CancellationException ex) {
					// Read again below, keeping nothing.
				}
			}
			read.release();
		}
		return fetch.apply(read.missing());
	}

	/**
	 * Read the keys a bulk read did not find locally without blocking, as
	 * {@link #fetchMissing} does.
	 * @param read the bulk read
	 * @param fetch starts the backend's read
	 * @return the values of {@link BulkRead#missing()}, at their positions
	 */
	CompletableFuture<List<@Nullable StoredValue>> fetchMissingAsync(BulkRead read,
			Function<List<String>, CompletableFuture<List<@Nullable StoredValue>>> fetch) {
		InvalidationSource through = this.near.readsThrough();
		if (through == null || !read.reservesAny()) {
			return fetch.apply(read.missing());
		}
		CompletableFuture<List<@Nullable StoredValue>> tracked = this.backend.readAllToKeep(through, read.missing());
		if (tracked == null) {
			read.release();
			return fetch.apply(read.missing());
		}
		return tracked.handle((values, ex) -> {
			if (ex != null) {
				read.release();
				return fetch.apply(read.missing());
			}
			return CompletableFuture.completedFuture(values);
		}).thenCompose(Function.identity());
	}

	/**
	 * Start a bulk read: take what the near cache has, and reserve the keys the backend
	 * is to be asked for.
	 * @param keys the keys
	 * @param counters the positions of counters in {@code keys}, which the near cache
	 * never serves nor keeps, or {@code null} when there are none
	 * @return the read
	 */
	BulkRead bulkRead(List<String> keys, @Nullable BitSet counters) {
		return new BulkRead(this.near, keys, counters);
	}

	/**
	 * Drop a key's local copy after this JVM changed it (or may have: a failed write), so
	 * that this JVM reads its own writes before the server's invalidation arrives.
	 * @param key the key
	 */
	void evict(String key) {
		this.near.evict(key);
	}

	void evict(Collection<String> keys) {
		for (String key : keys) {
			this.near.evict(key);
		}
	}

	void evictWritten(List<CacheWrite> writes) {
		for (CacheWrite write : writes) {
			this.near.evict(write.key());
		}
	}

	void evictByPrefix(String prefix) {
		this.near.evictByPrefix(prefix);
	}

	/**
	 * A bulk read through a near cache: what it served, at the positions of their keys,
	 * and the keys the backend is asked for, each reserved so that the answer is kept
	 * unless it was invalidated meanwhile.
	 */
	static final class BulkRead {

		private static final int[] NONE = new int[0];

		private static final Object[] NONE_RESERVED = new Object[0];

		private final NearCache near;

		private final @Nullable StoredValue[] values;

		private final List<String> missing;

		private int[] positions = NONE;

		private @Nullable Object[] reservations = NONE_RESERVED;

		private BulkRead(NearCache near, List<String> keys, @Nullable BitSet counters) {
			this.near = near;
			this.values = new StoredValue[keys.size()];
			List<String> missing = List.of();
			int hits = 0;
			int misses = 0;
			for (int i = 0; i < this.values.length; i++) {
				String key = keys.get(i);
				boolean local = counters == null || !counters.get(i);
				NearCacheCopy copy = local ? near.current(key) : null;
				if (copy != null) {
					this.values[i] = copy.value();
					hits++;
					continue;
				}
				if (missing.isEmpty()) {
					int left = this.values.length - i;
					missing = new ArrayList<>(left);
					this.positions = new int[left];
					this.reservations = new Object[left];
				}
				this.positions[missing.size()] = i;
				this.reservations[missing.size()] = local ? near.reserve(key) : null;
				missing.add(key);
				misses += local ? 1 : 0;
			}
			this.missing = missing;
			near.recordReads(hits, misses);
		}

		/**
		 * Return the keys the near cache did not serve.
		 * @return the keys, empty when it served every key
		 */
		List<String> missing() {
			return this.missing;
		}

		/**
		 * Return whether the read reserved a key, whose answer it may keep.
		 * @return whether a reservation is held
		 */
		boolean reservesAny() {
			for (int i = 0; i < this.missing.size(); i++) {
				if (this.reservations[i] != null) {
					return true;
				}
			}
			return false;
		}

		/**
		 * Return the values found so far, at the positions of their keys.
		 * @return the values
		 */
		@Nullable StoredValue[] values() {
			return this.values;
		}

		/**
		 * Take the backend's answer for the missing keys and keep what was not
		 * invalidated meanwhile.
		 * @param fetched the values of {@link #missing()}, at their positions
		 * @return every value, at the positions of their keys
		 */
		@Nullable StoredValue[] complete(List<@Nullable StoredValue> fetched) {
			for (int i = 0; i < this.missing.size(); i++) {
				StoredValue value = fetched.get(i);
				this.values[this.positions[i]] = value;
				Object reservation = this.reservations[i];
				if (reservation != null) {
					this.near.complete(this.missing.get(i), reservation, value);
				}
			}
			return this.values;
		}

		/**
		 * Give up the reservations after the backend failed.
		 */
		void release() {
			for (int i = 0; i < this.missing.size(); i++) {
				Object reservation = this.reservations[i];
				if (reservation != null) {
					this.near.release(this.missing.get(i), reservation);
					this.reservations[i] = null;
				}
			}
		}

	}

}
