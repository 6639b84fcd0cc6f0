package io.cacheobj.jcache;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjStore;
import org.jspecify.annotations.Nullable;

/**
 * A JCache cache on a cacheobj {@link CacheObjStore}: the sibling of the Spring cache
 * {@link io.cacheobj.cache.CacheObjCache}. Each entry is one backend key,
 * {@code <prefix><key text>} (see {@link CacheObjCachingProvider} for the prefix and the
 * key text), whose value is a small header (format version and expiry time) followed by
 * the value's JDK serialization, read back only through an allow-list of packages. Values
 * are stored by value: every read deserializes a fresh copy.
 * <p>
 * Consistency across JVMs: every mutation is a compare-and-set on the backend
 * ({@code putIfAbsent}, {@code replace} or a conditional delete on the bytes read), so
 * mutations and entry processors are atomic per key across JVMs sharing a Redis server;
 * when another JVM changed the key between the read and the write, the operation reads
 * again and retries, so an {@link EntryProcessor} <em>may run more than once</em> for one
 * {@code invoke} and must be free of side effects other than on its entry. Expiry times
 * are stored with the value (and as the server's time to live), so an update that keeps
 * the time to live keeps it on the server. Entry listeners, the loader, the writer and
 * the statistics are this JVM's: a listener hears of the changes this JVM makes, never
 * another JVM's.
 *
 * @param <K> the key type
 * @param <V> the value type
 * @since 0.1.0
 */
public final class CacheObjJCache<K, V> implements Cache<K, V> {

	private static final byte FORMAT = 1;

	private static final int HEADER = 9;

	private static final long ETERNAL = Long.MAX_VALUE;

	private static final int MAX_ATTEMPTS = 1000;

	private static final Duration EXPIRED_KEPT_AT_MOST = Duration.ofMinutes(1);

	private final String name;

	private final CacheObjJCacheManager manager;

	private final CacheObjStore store;

	private final String prefix;

	private final JavaValues values;

	private final JCacheKeys keys;

	private final MutableConfiguration<K, V> configuration;

	private final ExpiryPolicy expiry;

	/** Whether the expiry policy is {@link EternalExpiryPolicy}: a put is one write. */
	private final boolean eternal;

	private final @Nullable CacheLoader<K, V> loader;

	private final @Nullable CacheWriter<? super K, ? super V> writer;

	private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

	private final JCacheStatistics statistics = new JCacheStatistics();

	private final JCacheConfigurationBean configurationBean;

	private final ExecutorService asyncEvents;

	private volatile boolean closed;

	@SuppressWarnings("unchecked")
	CacheObjJCache(String name, CacheObjJCacheManager manager, CacheObjStore store, String prefix, JavaValues values,
			CompleteConfiguration<K, V> configuration) {
		this.name = name;
		this.manager = manager;
		this.store = store;
		this.prefix = prefix;
		this.values = values;
		this.keys = new JCacheKeys(values);
		this.configuration = new MutableConfiguration<>(configuration);
		this.expiry = configuration.getExpiryPolicyFactory().create();
		this.eternal = this.expiry.getClass() == EternalExpiryPolicy.class;
		this.loader = (configuration.getCacheLoaderFactory() != null)
				? (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create() : null;
		this.writer = (configuration.getCacheWriterFactory() != null) ? configuration.getCacheWriterFactory().create()
				: null;
		this.asyncEvents = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "cacheobj-jcache-events-" + name);
			thread.setDaemon(true);
			return thread;
		});
		for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
			this.registrations.add(new Registration<>(listener));
		}
		this.statistics.setEnabled(configuration.isStatisticsEnabled());
		this.configurationBean = new JCacheConfigurationBean(this);
	}

	JCacheStatistics statisticsBean() {
		return this.statistics;
	}

	JCacheConfigurationBean configurationBean() {
		return this.configurationBean;
	}

	void setStatisticsEnabled(boolean enabled) {
		this.configuration.setStatisticsEnabled(enabled);
		this.statistics.setEnabled(enabled);
	}

	void setManagementEnabled(boolean enabled) {
		this.configuration.setManagementEnabled(enabled);
	}

	String prefix() {
		return this.prefix;
	}

	// ---- reading and writing entries

	/** An entry as read from the backend. */
	private record Stored(StoredValue raw, long expiresAt) {

		boolean expired(long now) {
			return now >= this.expiresAt;
		}

	}

	private String key(Object key) {
		return this.keys.encode(this.prefix, key);
	}

	private @Nullable Stored read(String key) {
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
		if (expiresAt != ETERNAL && stored.expired(System.currentTimeMillis())) {
			if (this.store.remove(key, raw) && hasListeners(EventType.EXPIRED)) {
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
		fire(EventType.EXPIRED, k, old, old);
	}

	/**
	 * The value of an entry: a fresh copy, as store-by-value asks, but for values of the
	 * JDK's immutable types, which are read once per stored instance (the near cache
	 * hands out the same one until it changes).
	 */
	@SuppressWarnings("unchecked")
	private V value(String key, Stored stored) {
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

	/**
	 * The server's time to live for an entry expiring at a time: the time left, and as
	 * long again up to {@link #EXPIRED_KEPT_AT_MOST}, so that a read in that time finds
	 * the entry expired (by its header), removes it and tells the expiry listeners.
	 */
	private static @Nullable Duration ttl(long expiresAt) {
		if (expiresAt == ETERNAL) {
			return null;
		}
		long left = Math.max(1, expiresAt - System.currentTimeMillis());
		return Duration.ofMillis(left + Math.min(left, EXPIRED_KEPT_AT_MOST.toMillis()));
	}

	/** The expiry time a duration gives, {@code -1} for "expired now". */
	private static long expiresAt(javax.cache.expiry.Duration duration) {
		if (duration.isEternal()) {
			return ETERNAL;
		}
		if (duration.isZero()) {
			return -1;
		}
		long millis = duration.getTimeUnit().toMillis(duration.getDurationAmount());
		long at = System.currentTimeMillis() + Math.max(1, millis);
		return (at < 0) ? ETERNAL : at;
	}

	private javax.cache.expiry.@Nullable Duration creation() {
		try {
			return this.expiry.getExpiryForCreation();
		}
		catch (RuntimeException ex) {
			return javax.cache.expiry.Duration.ETERNAL;
		}
	}

	private javax.cache.expiry.@Nullable Duration update() {
		try {
			return this.expiry.getExpiryForUpdate();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private javax.cache.expiry.@Nullable Duration access() {
		try {
			return this.expiry.getExpiryForAccess();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/** Apply the access expiry to an entry just read. */
	private void accessed(String key, Stored stored) {
		javax.cache.expiry.Duration duration = access();
		if (duration == null) {
			return;
		}
		long at = expiresAt(duration);
		if (at == -1) {
			this.store.remove(key, stored.raw());
			return;
		}
		byte[] bytes = stored.raw().bytes().clone();
		ByteBuffer.wrap(bytes, 1, 8).putLong(at);
		this.store.replace(key, stored.raw(), new StoredValue(bytes, 0), ttl(at));
	}

	/**
	 * Write a value the way {@code put} does, atomically against other writers.
	 * @return the entry replaced, or {@code null} when there was none
	 */
	private @Nullable V store(String key, K k, V value, boolean fireEvents, boolean keepOld) {
		if (this.eternal && !keepOld
				&& (!fireEvents || (!hasListeners(EventType.CREATED) && !hasListeners(EventType.UPDATED)))) {
			// Nothing tells a creation from an update: one write.
			this.store.put(key, encode(value, ETERNAL), null);
			this.statistics.puts(1);
			return null;
		}
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				javax.cache.expiry.Duration duration = creation();
				long at = (duration != null) ? expiresAt(duration) : ETERNAL;
				if (at == -1) {
					return null;
				}
				if (this.store.putIfAbsent(key, encode(value, at), ttl(at))) {
					this.statistics.puts(1);
					if (fireEvents) {
						fire(EventType.CREATED, k, value, null);
					}
					return null;
				}
				continue;
			}
			V old = (keepOld || hasListeners(EventType.UPDATED)) ? value(key, current) : null;
			javax.cache.expiry.Duration duration = update();
			long at = (duration != null) ? expiresAt(duration) : current.expiresAt();
			boolean done = (at == -1) ? this.store.remove(key, current.raw())
					: this.store.replace(key, current.raw(), encode(value, at), ttl(at));
			if (done) {
				this.statistics.puts(1);
				if (fireEvents) {
					fire(EventType.UPDATED, k, value, old);
				}
				return (old != null) ? old : (keepOld ? value(key, current) : null);
			}
		}
	}

	/**
	 * Delete an entry, atomically against other writers.
	 * @return the value removed, or {@code null} when there was none
	 */
	private @Nullable V delete(String key, K k, boolean needValue) {
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				return null;
			}
			V old = value(key, current);
			if (this.store.remove(key, current.raw())) {
				this.statistics.removals(1);
				fire(EventType.REMOVED, k, old, old);
				return old;
			}
		}
	}

	/**
	 * Stop a compare-and-set loop that cannot make progress: a backend whose failures are
	 * ignored answers every conditional write {@code false}.
	 */
	private static void giveUpAfter(int attempt, String key) {
		if (attempt >= MAX_ATTEMPTS) {
			throw new CacheException("Gave up on '" + key + "' after " + MAX_ATTEMPTS
					+ " conditional writes failed (the backend is failing, or the key is hotly contended)");
		}
	}

	// ---- the Cache contract

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("The cache '" + this.name + "' is closed");
		}
	}

	private void checkKey(@Nullable Object key) {
		Objects.requireNonNull(key, "key must not be null");
		if (!this.configuration.getKeyType().isInstance(key)) {
			throw new ClassCastException(
					"Key " + key.getClass().getName() + " is not a " + this.configuration.getKeyType().getName());
		}
	}

	private void checkValue(@Nullable Object value) {
		Objects.requireNonNull(value, "value must not be null");
		if (!this.configuration.getValueType().isInstance(value)) {
			throw new ClassCastException(
					"Value " + value.getClass().getName() + " is not a " + this.configuration.getValueType().getName());
		}
	}

	@Override
	public @Nullable V get(K k) {
		checkOpen();
		checkKey(k);
		long start = this.statistics.start();
		String key = key(k);
		Stored stored = read(key);
		V result;
		if (stored != null) {
			this.statistics.hits(1);
			result = value(key, stored);
			accessed(key, stored);
		}
		else {
			this.statistics.misses(1);
			result = readThrough() ? load(key, k) : null;
		}
		this.statistics.getTime(start);
		return result;
	}

	private boolean readThrough() {
		return this.configuration.isReadThrough() && this.loader != null;
	}

	private boolean writeThrough() {
		return this.configuration.isWriteThrough() && this.writer != null;
	}

	private @Nullable V load(String key, K k) {
		V loaded;
		try {
			loaded = this.loader.load(k);
		}
		catch (CacheLoaderException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CacheLoaderException(ex);
		}
		if (loaded == null) {
			return null;
		}
		storeLoaded(key, k, loaded);
		return loaded;
	}

	private void storeLoaded(String key, K k, V loaded) {
		javax.cache.expiry.Duration duration = creation();
		long at = (duration != null) ? expiresAt(duration) : ETERNAL;
		if (at != -1 && this.store.putIfAbsent(key, encode(loaded, at), ttl(at))) {
			fire(EventType.CREATED, k, loaded, null);
		}
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			checkKey(k);
		}
		long start = this.statistics.start();
		Map<K, V> found = new LinkedHashMap<>();
		List<K> missing = new ArrayList<>();
		for (K k : keys) {
			String key = key(k);
			Stored stored = read(key);
			if (stored != null) {
				this.statistics.hits(1);
				found.put(k, value(key, stored));
				accessed(key, stored);
			}
			else {
				this.statistics.misses(1);
				missing.add(k);
			}
		}
		if (!missing.isEmpty() && readThrough()) {
			Map<K, V> loaded;
			try {
				loaded = this.loader.loadAll(missing);
			}
			catch (CacheLoaderException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CacheLoaderException(ex);
			}
			if (loaded != null) {
				loaded.forEach((k, v) -> {
					if (k != null && v != null) {
						storeLoaded(key(k), k, v);
						found.put(k, v);
					}
				});
			}
		}
		this.statistics.getTime(start);
		return found;
	}

	@Override
	public boolean containsKey(K k) {
		checkOpen();
		checkKey(k);
		return read(key(k)) != null;
	}

	@Override
	public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
			@Nullable CompletionListener completionListener) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			Objects.requireNonNull(k, "keys must not contain null");
		}
		if (this.loader == null) {
			if (completionListener != null) {
				completionListener.onCompletion();
			}
			return;
		}
		this.manager.executor().execute(() -> {
			try {
				List<K> toLoad = new ArrayList<>();
				for (K k : keys) {
					if (replaceExistingValues || read(key(k)) == null) {
						toLoad.add(k);
					}
				}
				Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : this.loader.loadAll(toLoad);
				if (loaded != null) {
					for (Map.Entry<K, V> entry : loaded.entrySet()) {
						if (entry.getKey() == null || entry.getValue() == null) {
							continue;
						}
						String key = key(entry.getKey());
						if (replaceExistingValues) {
							store(key, entry.getKey(), entry.getValue(), true, false);
						}
						else {
							storeLoaded(key, entry.getKey(), entry.getValue());
						}
					}
				}
				if (completionListener != null) {
					completionListener.onCompletion();
				}
			}
			catch (Exception ex) {
				if (completionListener != null) {
					completionListener
						.onException((ex instanceof CacheLoaderException) ? ex : new CacheLoaderException(ex));
				}
			}
		});
	}

	private void write(K k, V value) {
		if (writeThrough()) {
			try {
				this.writer.write(new CacheEntry<>(k, value));
			}
			catch (CacheWriterException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CacheWriterException(ex);
			}
		}
	}

	@SuppressWarnings("unchecked")
	private CacheWriter<K, V> writerOf() {
		return (CacheWriter<K, V>) this.writer;
	}

	private void writeDelete(K k) {
		if (writeThrough()) {
			try {
				this.writer.delete(k);
			}
			catch (CacheWriterException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CacheWriterException(ex);
			}
		}
	}

	@Override
	public void put(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		write(k, value);
		store(key(k), k, value, true, false);
		this.statistics.putTime(start);
	}

	@Override
	public @Nullable V getAndPut(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		write(k, value);
		V old = store(key(k), k, value, true, true);
		if (old != null) {
			this.statistics.hits(1);
		}
		else {
			this.statistics.misses(1);
		}
		this.statistics.getTime(start);
		this.statistics.putTime(start);
		return old;
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		checkOpen();
		Objects.requireNonNull(map, "map must not be null");
		for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
			checkKey(entry.getKey());
			checkValue(entry.getValue());
		}
		long start = this.statistics.start();
		Map<K, V> toStore = new LinkedHashMap<>(map);
		RuntimeException failure = null;
		if (writeThrough()) {
			List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>();
			toStore.forEach((k, v) -> entries.add(new CacheEntry<>(k, v)));
			try {
				writerOf().writeAll(entries);
			}
			catch (Exception ex) {
				failure = (ex instanceof CacheWriterException cwe) ? cwe : new CacheWriterException(ex);
				for (Cache.Entry<? extends K, ? extends V> notWritten : entries) {
					toStore.remove(notWritten.getKey());
				}
			}
		}
		toStore.forEach((k, v) -> store(key(k), k, v, true, false));
		this.statistics.putTime(start);
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public boolean putIfAbsent(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		String key = key(k);
		boolean written = false;
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current != null) {
				this.statistics.hits(1);
				break;
			}
			javax.cache.expiry.Duration duration = creation();
			long at = (duration != null) ? expiresAt(duration) : ETERNAL;
			if (at == -1) {
				write(k, value);
				this.statistics.misses(1);
				written = true;
				break;
			}
			write(k, value);
			if (this.store.putIfAbsent(key, encode(value, at), ttl(at))) {
				this.statistics.misses(1);
				this.statistics.puts(1);
				fire(EventType.CREATED, k, value, null);
				written = true;
				break;
			}
		}
		this.statistics.putTime(start);
		return written;
	}

	@Override
	public boolean remove(K k) {
		checkOpen();
		checkKey(k);
		long start = this.statistics.start();
		writeDelete(k);
		boolean removed = delete(key(k), k, false) != null;
		this.statistics.removeTime(start);
		return removed;
	}

	@Override
	public boolean remove(K k, V oldValue) {
		checkOpen();
		checkKey(k);
		checkValue(oldValue);
		long start = this.statistics.start();
		String key = key(k);
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				this.statistics.misses(1);
				this.statistics.removeTime(start);
				return false;
			}
			V value = value(key, current);
			if (!value.equals(oldValue)) {
				this.statistics.hits(1);
				accessed(key, current);
				this.statistics.removeTime(start);
				return false;
			}
			writeDelete(k);
			if (this.store.remove(key, current.raw())) {
				this.statistics.hits(1);
				this.statistics.removals(1);
				fire(EventType.REMOVED, k, value, value);
				this.statistics.removeTime(start);
				return true;
			}
		}
	}

	@Override
	public @Nullable V getAndRemove(K k) {
		checkOpen();
		checkKey(k);
		long start = this.statistics.start();
		writeDelete(k);
		V old = delete(key(k), k, true);
		if (old != null) {
			this.statistics.hits(1);
		}
		else {
			this.statistics.misses(1);
		}
		this.statistics.getTime(start);
		this.statistics.removeTime(start);
		return old;
	}

	@Override
	public boolean replace(K k, V oldValue, V newValue) {
		checkOpen();
		checkKey(k);
		checkValue(oldValue);
		checkValue(newValue);
		long start = this.statistics.start();
		String key = key(k);
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				this.statistics.misses(1);
				return false;
			}
			V value = value(key, current);
			if (!value.equals(oldValue)) {
				this.statistics.hits(1);
				accessed(key, current);
				return false;
			}
			if (replaceStored(key, k, current, value, newValue)) {
				this.statistics.hits(1);
				this.statistics.putTime(start);
				return true;
			}
		}
	}

	/**
	 * Replace an entry read as {@code current}, or answer {@code false} when it changed.
	 */
	private boolean replaceStored(String key, K k, Stored current, V old, V value) {
		write(k, value);
		javax.cache.expiry.Duration duration = update();
		long at = (duration != null) ? expiresAt(duration) : current.expiresAt();
		boolean done = (at == -1) ? this.store.remove(key, current.raw())
				: this.store.replace(key, current.raw(), encode(value, at), ttl(at));
		if (done) {
			this.statistics.puts(1);
			fire(EventType.UPDATED, k, value, old);
		}
		return done;
	}

	@Override
	public boolean replace(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		String key = key(k);
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				this.statistics.misses(1);
				return false;
			}
			if (replaceStored(key, k, current, value(key, current), value)) {
				this.statistics.hits(1);
				this.statistics.putTime(start);
				return true;
			}
		}
	}

	@Override
	public @Nullable V getAndReplace(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		String key = key(k);
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			if (current == null) {
				this.statistics.misses(1);
				this.statistics.getTime(start);
				return null;
			}
			V old = value(key, current);
			if (replaceStored(key, k, current, old, value)) {
				this.statistics.hits(1);
				this.statistics.getTime(start);
				this.statistics.putTime(start);
				return old;
			}
		}
	}

	@Override
	public void removeAll(Set<? extends K> keys) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			checkKey(k);
		}
		removeKeys(new ArrayList<>(keys));
	}

	private void removeKeys(List<K> keys) {
		long start = this.statistics.start();
		Set<K> toRemove = new HashSet<>(keys);
		RuntimeException failure = null;
		if (writeThrough() && !toRemove.isEmpty()) {
			Collection<Object> remaining = new ArrayList<>(keys);
			try {
				this.writer.deleteAll(remaining);
			}
			catch (Exception ex) {
				failure = (ex instanceof CacheWriterException cwe) ? cwe : new CacheWriterException(ex);
				toRemove.removeAll(remaining);
			}
		}
		for (K k : toRemove) {
			delete(key(k), k, false);
		}
		this.statistics.removeTime(start);
		if (failure != null) {
			throw failure;
		}
	}

	@Override
	public void removeAll() {
		checkOpen();
		removeKeys(listKeys());
	}

	@SuppressWarnings("unchecked")
	private List<K> listKeys() {
		List<K> found = new ArrayList<>();
		for (String key : this.store.keys(this.prefix)) {
			found.add((K) this.keys.decode(key.substring(this.prefix.length())));
		}
		return found;
	}

	@Override
	public void clear() {
		checkOpen();
		this.store.clean(this.prefix);
	}

	@Override
	public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
		ImmutableConfiguration<K, V> snapshot = new ImmutableConfiguration<>(this.configuration);
		if (type.isInstance(snapshot)) {
			return type.cast(snapshot);
		}
		throw new IllegalArgumentException("The configuration is not a " + type.getName());
	}

	@Override
	public <T> @Nullable T invoke(K k, EntryProcessor<K, V, T> processor, Object... arguments) {
		checkOpen();
		checkKey(k);
		Objects.requireNonNull(processor, "processor must not be null");
		String key = key(k);
		for (int attempt = 0;; attempt++) {
			giveUpAfter(attempt, key);
			Stored current = read(key);
			V value = (current != null) ? value(key, current) : null;
			Entry entry = new Entry(k, value, current != null);
			T result;
			try {
				result = processor.process(entry, arguments);
			}
			catch (EntryProcessorException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new EntryProcessorException(ex);
			}
			if (entry.apply(key, current)) {
				if (current != null) {
					this.statistics.hits(1);
				}
				else {
					this.statistics.misses(1);
				}
				return result;
			}
		}
	}

	@Override
	public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
			Object... arguments) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		Objects.requireNonNull(processor, "processor must not be null");
		Map<K, EntryProcessorResult<T>> results = new HashMap<>();
		for (K k : keys) {
			try {
				T result = invoke(k, processor, arguments);
				if (result != null) {
					results.put(k, () -> result);
				}
			}
			catch (EntryProcessorException ex) {
				results.put(k, () -> {
					throw ex;
				});
			}
			catch (RuntimeException ex) {
				EntryProcessorException wrapped = new EntryProcessorException(ex);
				results.put(k, () -> {
					throw wrapped;
				});
			}
		}
		return results;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public CacheManager getCacheManager() {
		return this.manager;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.manager.closed(this);
		shutDown();
	}

	void shutDown() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.manager.unregisterBeans(this);
		closeQuietly(this.loader);
		closeQuietly(this.writer);
		closeQuietly(this.expiry);
		for (Registration<K, V> registration : this.registrations) {
			closeQuietly(registration.listener);
			closeQuietly(registration.filter);
		}
		this.asyncEvents.shutdown();
		try {
			this.asyncEvents.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(@Nullable Object resource) {
		if (resource instanceof Closeable closeable) {
			try {
				closeable.close();
			}
			catch (IOException | RuntimeException ex) {
				// closing a user's resource must not stop the cache from closing
			}
		}
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return this cache, or its {@link CacheObjStore}.
	 */
	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		if (type.isInstance(this.store)) {
			return type.cast(this.store);
		}
		throw new IllegalArgumentException("Cannot unwrap a cacheobj JCache cache to " + type.getName());
	}

	@Override
	public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
		checkOpen();
		Objects.requireNonNull(listenerConfiguration, "listenerConfiguration must not be null");
		for (Registration<K, V> registration : this.registrations) {
			if (registration.configuration.equals(listenerConfiguration)) {
				throw new IllegalArgumentException("The listener is already registered");
			}
		}
		this.configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
		this.registrations.add(new Registration<>(listenerConfiguration));
	}

	@Override
	public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
		Objects.requireNonNull(listenerConfiguration, "listenerConfiguration must not be null");
		this.configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
		this.registrations.removeIf((registration) -> registration.configuration.equals(listenerConfiguration));
	}

	@Override
	public Iterator<Cache.Entry<K, V>> iterator() {
		checkOpen();
		Iterator<K> listed = listKeys().iterator();
		return new Iterator<>() {

			private Cache.@Nullable Entry<K, V> next;

			private @Nullable K last;

			@Override
			public boolean hasNext() {
				while (this.next == null && listed.hasNext()) {
					K k = listed.next();
					String key = key(k);
					Stored stored = read(key);
					if (stored != null) {
						CacheObjJCache.this.statistics.hits(1);
						this.next = new CacheEntry<>(k, value(key, stored));
						accessed(key, stored);
					}
				}
				return this.next != null;
			}

			@Override
			public Cache.Entry<K, V> next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				Cache.Entry<K, V> entry = this.next;
				this.next = null;
				this.last = entry.getKey();
				return entry;
			}

			@Override
			public void remove() {
				if (this.last == null) {
					throw new IllegalStateException();
				}
				CacheObjJCache.this.remove(this.last);
				this.last = null;
			}

		};
	}

	// ---- events

	private boolean hasListeners(EventType type) {
		for (Registration<K, V> registration : this.registrations) {
			if (registration.hears(type)) {
				return true;
			}
		}
		return false;
	}

	private void fire(EventType type, K key, @Nullable V value, @Nullable V oldValue) {
		for (Registration<K, V> registration : this.registrations) {
			if (!registration.hears(type)) {
				continue;
			}
			boolean oldValueRequired = registration.configuration.isOldValueRequired();
			boolean gone = type == EventType.REMOVED || type == EventType.EXPIRED;
			Event<K, V> event = new Event<>(this, type, key, (gone && !oldValueRequired) ? null : value,
					oldValueRequired ? oldValue : null, oldValueRequired && oldValue != null);
			if (registration.configuration.isSynchronous()) {
				registration.deliver(event);
			}
			else {
				this.asyncEvents.execute(() -> {
					try {
						registration.deliver(event);
					}
					catch (RuntimeException ex) {
						// an asynchronous listener's failure has no caller to go to
					}
				});
			}
		}
	}

	private static final class Registration<K, V> {

		final CacheEntryListenerConfiguration<K, V> configuration;

		final CacheEntryListener<? super K, ? super V> listener;

		final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;

		Registration(CacheEntryListenerConfiguration<K, V> configuration) {
			this.configuration = configuration;
			this.listener = configuration.getCacheEntryListenerFactory().create();
			this.filter = (configuration.getCacheEntryEventFilterFactory() != null)
					? configuration.getCacheEntryEventFilterFactory().create() : null;
		}

		boolean hears(EventType type) {
			return switch (type) {
				case CREATED -> this.listener instanceof CacheEntryCreatedListener;
				case UPDATED -> this.listener instanceof CacheEntryUpdatedListener;
				case REMOVED -> this.listener instanceof CacheEntryRemovedListener;
				case EXPIRED -> this.listener instanceof CacheEntryExpiredListener;
			};
		}

		@SuppressWarnings("unchecked")
		void deliver(Event<K, V> event) {
			try {
				if (this.filter != null && !this.filter.evaluate(event)) {
					return;
				}
				List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
				switch (event.getEventType()) {
					case CREATED -> ((CacheEntryCreatedListener<K, V>) this.listener).onCreated(events);
					case UPDATED -> ((CacheEntryUpdatedListener<K, V>) this.listener).onUpdated(events);
					case REMOVED -> ((CacheEntryRemovedListener<K, V>) this.listener).onRemoved(events);
					case EXPIRED -> ((CacheEntryExpiredListener<K, V>) this.listener).onExpired(events);
				}
			}
			catch (CacheEntryListenerException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw new CacheEntryListenerException(ex);
			}
		}

	}

	private static final class Event<K, V> extends CacheEntryEvent<K, V> {

		private static final long serialVersionUID = 1L;

		private final K key;

		private final transient @Nullable V value;

		private final transient @Nullable V oldValue;

		private final boolean oldValueAvailable;

		Event(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue,
				boolean oldValueAvailable) {
			super(source, type);
			this.key = key;
			this.value = value;
			this.oldValue = oldValue;
			this.oldValueAvailable = oldValueAvailable;
		}

		@Override
		public K getKey() {
			return this.key;
		}

		@Override
		public @Nullable V getValue() {
			return this.value;
		}

		@Override
		public @Nullable V getOldValue() {
			return this.oldValue;
		}

		@Override
		public boolean isOldValueAvailable() {
			return this.oldValueAvailable;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			if (type.isInstance(this)) {
				return type.cast(this);
			}
			throw new IllegalArgumentException("Cannot unwrap an event to " + type.getName());
		}

	}

	/**
	 * An entry handed out by {@link #iterator()} or to a writer: a snapshot.
	 *
	 * @param <K> the key type
	 * @param <V> the value type
	 */
	public static final class CacheEntry<K, V> implements Cache.Entry<K, V> {

		private final K key;

		private final V value;

		CacheEntry(K key, V value) {
			this.key = key;
			this.value = value;
		}

		@Override
		public K getKey() {
			return this.key;
		}

		@Override
		public V getValue() {
			return this.value;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			if (type.isInstance(this)) {
				return type.cast(this);
			}
			throw new IllegalArgumentException("Cannot unwrap an entry to " + type.getName());
		}

	}

	// ---- entry processors

	private enum Action {

		NONE, ACCESSED, CREATED, LOADED, UPDATED, REMOVED

	}

	/** The entry an {@link EntryProcessor} works on, and what it did to it. */
	private final class Entry implements MutableEntry<K, V> {

		private final K key;

		private @Nullable V value;

		private final boolean existed;

		private boolean exists;

		private Action action = Action.NONE;

		Entry(K key, @Nullable V value, boolean existed) {
			this.key = key;
			this.value = value;
			this.existed = existed;
			this.exists = existed;
		}

		@Override
		public K getKey() {
			return this.key;
		}

		@Override
		public @Nullable V getValue() {
			if (this.action == Action.NONE || this.action == Action.ACCESSED) {
				if (!this.exists && readThrough()) {
					V loaded;
					try {
						loaded = CacheObjJCache.this.loader.load(this.key);
					}
					catch (CacheLoaderException ex) {
						throw ex;
					}
					catch (Exception ex) {
						throw new CacheLoaderException(ex);
					}
					if (loaded != null) {
						this.value = loaded;
						this.exists = true;
						this.action = Action.LOADED;
						return loaded;
					}
				}
				if (this.exists) {
					this.action = Action.ACCESSED;
				}
			}
			return this.value;
		}

		@Override
		public boolean exists() {
			return this.exists;
		}

		@Override
		public void remove() {
			this.action = (this.action == Action.CREATED || this.action == Action.LOADED) && !this.existed ? Action.NONE
					: Action.REMOVED;
			this.value = null;
			this.exists = false;
		}

		@Override
		public void setValue(V value) {
			checkValue(value);
			this.action = (this.existed) ? Action.UPDATED : Action.CREATED;
			this.value = value;
			this.exists = true;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			if (type.isInstance(this)) {
				return type.cast(this);
			}
			throw new IllegalArgumentException("Cannot unwrap an entry to " + type.getName());
		}

		/**
		 * Apply what the processor did; {@code false} when the entry changed meanwhile.
		 */
		boolean apply(String key, @Nullable Stored current) {
			switch (this.action) {
				case NONE:
					return true;
				case ACCESSED:
					accessed(key, current);
					return true;
				case LOADED:
					storeLoaded(key, this.key, this.value);
					return true;
				case CREATED: {
					if (current != null) {
						return false;
					}
					write(this.key, this.value);
					javax.cache.expiry.Duration duration = creation();
					long at = (duration != null) ? expiresAt(duration) : ETERNAL;
					if (at == -1) {
						return true;
					}
					if (CacheObjJCache.this.store.putIfAbsent(key, encode(this.value, at), ttl(at))) {
						CacheObjJCache.this.statistics.puts(1);
						fire(EventType.CREATED, this.key, this.value, null);
						return true;
					}
					return false;
				}
				case UPDATED:
					return this.existedReplace(key, current);
				case REMOVED: {
					writeDelete(this.key);
					if (current == null) {
						return true;
					}
					V old = value(key, current);
					if (CacheObjJCache.this.store.remove(key, current.raw())) {
						CacheObjJCache.this.statistics.removals(1);
						fire(EventType.REMOVED, this.key, old, old);
						return true;
					}
					return false;
				}
				default:
					return true;
			}
		}

		private boolean existedReplace(String key, @Nullable Stored current) {
			if (current == null) {
				return false;
			}
			return replaceStored(key, this.key, current, value(key, current), this.value);
		}

	}

}
