package io.cacheobj.jcache;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.cache.CacheException;
import javax.cache.event.EventType;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjStore;
import org.jspecify.annotations.Nullable;

/**
 * The entries of a {@link CacheObjJCache} on its {@link CacheObjStore}: their backend
 * keys, their stored form (a header with the format version and the expiry time, then the
 * value's serialization), and the reads and compare-and-set writes of one entry.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheEntries<K, V> {

	private static final byte FORMAT = 1;

	private static final int HEADER = 9;

	private static final int MAX_ATTEMPTS = 1000;

	private final CacheObjStore store;

	private final String prefix;

	private final JavaValues values;

	private final JCacheKeys keys;

	private final JCacheExpiry expiry;

	private final JCacheStatistics statistics;

	private final JCacheEvents<K, V> events;

	JCacheEntries(CacheObjStore store, String prefix, JavaValues values, JCacheExpiry expiry,
			JCacheStatistics statistics, JCacheEvents<K, V> events) {
		this.store = store;
		this.prefix = prefix;
		this.values = values;
		this.keys = new JCacheKeys(values);
		this.expiry = expiry;
		this.statistics = statistics;
		this.events = events;
	}

	/** An entry as read from the backend. */
	record Stored(StoredValue raw, long expiresAt) {

		boolean expired(long now) {
			return now >= this.expiresAt;
		}

	}

	String key(Object key) {
		return this.keys.encode(this.prefix, key);
	}

	@Nullable Stored read(String key) {
		StoredValue raw = this.store.get(key);
		if (raw == null) {
			return null;
		}
		byte[] bytes = raw.bytes();
		if (bytes.length < HEADER || bytes[0] != FORMAT) {
			throw new io.cacheobj.CacheValueException("The value under '" + key + "' is not a cacheobj JCache value");
		}
		long expiresAt = 0;
		for (int i = 1; i < HEADER; i++) {
			expiresAt = (expiresAt << 8) | (bytes[i] & 0xFF);
		}
		Stored stored = new Stored(raw, expiresAt);
		if (expiresAt != JCacheExpiry.ETERNAL && stored.expired(System.currentTimeMillis())) {
			if (this.store.remove(key, raw) && this.events.hasListeners(EventType.EXPIRED)) {
				expired(key, stored);
			}
			return null;
		}
		return stored;
	}

	/**
	 * Tell the expiry listeners of an entry this JVM found expired and removed: expiry is
	 * noticed when an entry is read, by the JVM that reads it.
	 */
	@SuppressWarnings("unchecked")
	private void expired(String key, Stored stored) {
		K k = (K) this.keys.decode(key.substring(this.prefix.length()));
		V old = value(key, stored);
		this.events.fire(EventType.EXPIRED, k, old, old);
	}

	/**
	 * The value of an entry: a fresh copy, as store-by-value asks, but for values of the
	 * JDK's immutable types, which are read once per stored instance (the near cache
	 * hands out the same one until it changes).
	 */
	@SuppressWarnings("unchecked")
	V value(String key, Stored stored) {
		Object read = stored.raw().decodedBy(this.values);
		if (read == null) {
			read = this.values.read(stored.raw().bytes(), HEADER, key);
			if (JavaValues.isImmutable(read)) {
				stored.raw().rememberDecoded(this.values, read);
			}
		}
		return (V) read;
	}

	private StoredValue encode(V value, long expiresAt) {
		byte[] body = this.values.write(value);
		ByteBuffer buffer = ByteBuffer.allocate(HEADER + body.length);
		buffer.put(FORMAT).putLong(expiresAt).put(body);
		return new StoredValue(buffer.array(), 0);
	}

	/** Apply the access expiry to an entry just read. */
	void accessed(String key, Stored stored) {
		javax.cache.expiry.Duration duration = this.expiry.access();
		if (duration == null) {
			return;
		}
		long at = JCacheExpiry.expiresAt(duration);
		if (at == -1) {
			this.store.remove(key, stored.raw());
			return;
		}
		byte[] bytes = stored.raw().bytes().clone();
		ByteBuffer.wrap(bytes, 1, 8).putLong(at);
		this.store.replace(key, stored.raw(), new StoredValue(bytes, 0), JCacheExpiry.ttl(at));
	}

	/**
	 * Write a value the way {@code put} does, atomically against other writers.
	 * @return the entry replaced, or {@code null} when there was none
	 */
	@Nullable V store(String key, K k, V value, boolean fireEvents, boolean keepOld) {
		if (this.expiry.isEternal() && !keepOld && (!fireEvents
				|| (!this.events.hasListeners(EventType.CREATED) && !this.events.hasListeners(EventType.UPDATED)))) {
			// Nothing tells a creation from an update: one write.
			this.store.put(key, encode(value, JCacheExpiry.ETERNAL), null);
			this.statistics.puts(1);
			return null;
		}
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				long at = this.expiry.creation();
				if (at == -1) {
					return null;
				}
				if (putNew(key, value, at)) {
					this.statistics.puts(1);
					if (fireEvents) {
						this.events.fire(EventType.CREATED, k, value, null);
					}
					return null;
				}
				continue;
			}
			V old = (keepOld || this.events.hasListeners(EventType.UPDATED)) ? value(key, current) : null;
			if (update(key, current, value)) {
				this.statistics.puts(1);
				if (fireEvents) {
					this.events.fire(EventType.UPDATED, k, value, old);
				}
				return (old != null) ? old : (keepOld ? value(key, current) : null);
			}
		}
	}

	/**
	 * Store a value under a key that has none, to expire at a time.
	 * @return whether the value was stored: {@code false} when the key has one
	 */
	boolean putNew(String key, V value, long expiresAt) {
		return this.store.putIfAbsent(key, encode(value, expiresAt), JCacheExpiry.ttl(expiresAt));
	}

	/**
	 * Write a value over an entry read as {@code current}, with the update expiry.
	 * @return whether it was written: {@code false} when the entry changed
	 */
	private boolean update(String key, Stored current, V value) {
		long at = this.expiry.update(current.expiresAt());
		return (at == -1) ? this.store.remove(key, current.raw())
				: this.store.replace(key, current.raw(), encode(value, at), JCacheExpiry.ttl(at));
	}

	/**
	 * Replace an entry read as {@code current}, or answer {@code false} when it changed.
	 */
	boolean replace(String key, K k, Stored current, V old, V value) {
		boolean done = update(key, current, value);
		if (done) {
			this.statistics.puts(1);
			this.events.fire(EventType.UPDATED, k, value, old);
		}
		return done;
	}

	/** Store a value a loader gave, unless the key has one. */
	void storeLoaded(String key, K k, V loaded) {
		long at = this.expiry.creation();
		if (at != -1 && putNew(key, loaded, at)) {
			this.events.fire(EventType.CREATED, k, loaded, null);
		}
	}

	/**
	 * Delete an entry, atomically against other writers.
	 * @return the value removed, or {@code null} when there was none
	 */
	@Nullable V delete(String key, K k, boolean needValue) {
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				return null;
			}
			V old = value(key, current);
			if (remove(key, k, current, old)) {
				return old;
			}
		}
	}

	/**
	 * Remove an entry read as {@code current}, or answer {@code false} when it changed.
	 */
	boolean remove(String key, K k, Stored current, V old) {
		if (this.store.remove(key, current.raw())) {
			this.statistics.removals(1);
			this.events.fire(EventType.REMOVED, k, old, old);
			return true;
		}
		return false;
	}

	/**
	 * Run a conditional update of the entry of a key, the compare-and-set loop of
	 * {@code remove(k, oldValue)}, {@code replace} and {@code getAndReplace}: read the
	 * entry; when there is none, count a miss and answer {@code unchanged}; when its
	 * value is not {@code expected}, count a hit, apply the access expiry and answer
	 * {@code unchanged}; else try {@code write}, and when it was done count a hit and
	 * answer {@code written} with the value written over; when the entry changed in
	 * between, read it again.
	 * @param key the backend key
	 * @param expected the value the entry must have, or {@code null} for any
	 * @param write the compare-and-set write on the entry as read
	 * @param unchanged the answer when nothing was written, after its statistics
	 * @param written the answer when the write was done, after its statistics and events
	 * @return the answer
	 */
	<R extends @Nullable Object> R conditionally(String key, @Nullable V expected, ConditionalWrite<V> write,
			Supplier<R> unchanged, Function<V, R> written) {
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				this.statistics.misses(1);
				return unchanged.get();
			}
			V value = value(key, current);
			if (expected != null && !value.equals(expected)) {
				this.statistics.hits(1);
				accessed(key, current);
				return unchanged.get();
			}
			if (write.apply(key, current, value)) {
				this.statistics.hits(1);
				return written.apply(value);
			}
		}
	}

	/**
	 * The compare-and-set write of a {@link #conditionally conditional update}.
	 *
	 * @param <V> the value type
	 */
	@FunctionalInterface
	interface ConditionalWrite<V> {

		/**
		 * Write over an entry read as {@code current}.
		 * @param key the backend key
		 * @param current the entry as read
		 * @param value its value
		 * @return whether it was written: {@code false} when the entry changed
		 */
		boolean apply(String key, Stored current, V value);

	}

	/** The keys of the cache's entries on the backend. */
	@SuppressWarnings("unchecked")
	List<K> listKeys() {
		List<K> found = new ArrayList<>();
		for (String key : this.store.keys(this.prefix)) {
			found.add((K) this.keys.decode(key.substring(this.prefix.length())));
		}
		return found;
	}

	/** Remove all the cache's entries, telling no one. */
	void clear() {
		this.store.clean(this.prefix);
	}

	/**
	 * Stop a compare-and-set loop that cannot make progress: a backend whose failures are
	 * ignored answers every conditional write {@code false}.
	 */
	static void giveUpAfter(int attempt, String key) {
		if (attempt >= MAX_ATTEMPTS) {
			throw new CacheException("Gave up on '" + key + "' after " + MAX_ATTEMPTS
					+ " conditional writes failed (the backend is failing, or the key is hotly contended)");
		}
	}

}
