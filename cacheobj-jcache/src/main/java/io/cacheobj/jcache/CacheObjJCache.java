package io.cacheobj.jcache;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.EventType;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

import io.cacheobj.binding.CacheObjStore;
import io.cacheobj.jcache.JCacheEntries.Stored;
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

	private final String name;

	private final CacheObjJCacheManager manager;

	private final CacheObjStore store;

	private final String prefix;

	private final MutableConfiguration<K, V> configuration;

	private final JCacheExpiry expiry;

	private final JCacheIntegration<K, V> integration;

	private final JCacheEvents<K, V> events;

	private final JCacheStatistics statistics = new JCacheStatistics();

	private final JCacheEntries<K, V> entries;

	private final JCacheBulkOperations<K, V> bulk;

	private final JCacheEntryProcessing<K, V> processing;

	private final JCacheConfigurationBean configurationBean;

	private volatile boolean closed;

	CacheObjJCache(String name, CacheObjJCacheManager manager, CacheObjStore store, String prefix, JavaValues values,
			CompleteConfiguration<K, V> configuration) {
		this.name = name;
		this.manager = manager;
		this.store = store;
		this.prefix = prefix;
		this.configuration = new MutableConfiguration<>(configuration);
		this.expiry = new JCacheExpiry(configuration.getExpiryPolicyFactory().create());
		this.integration = new JCacheIntegration<>(this.configuration);
		this.events = new JCacheEvents<>(this, name, configuration.getCacheEntryListenerConfigurations());
		this.entries = new JCacheEntries<>(store, prefix, values, this.expiry, this.statistics, this.events);
		this.bulk = new JCacheBulkOperations<>(this, this.entries, this.integration, this.statistics, manager);
		this.processing = new JCacheEntryProcessing<>(this, this.entries, this.integration, this.expiry,
				this.statistics, this.events);
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

	void checkValue(@Nullable Object value) {
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
		String key = this.entries.key(k);
		Stored stored = this.entries.read(key);
		V result;
		if (stored != null) {
			this.statistics.hits(1);
			result = this.entries.value(key, stored);
			this.entries.accessed(key, stored);
		}
		else {
			this.statistics.misses(1);
			result = this.integration.readThrough() ? load(key, k) : null;
		}
		this.statistics.getTime(start);
		return result;
	}

	private @Nullable V load(String key, K k) {
		V loaded = this.integration.load(k);
		if (loaded == null) {
			return null;
		}
		this.entries.storeLoaded(key, k, loaded);
		return loaded;
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			checkKey(k);
		}
		return this.bulk.getAll(keys);
	}

	@Override
	public boolean containsKey(K k) {
		checkOpen();
		checkKey(k);
		return this.entries.read(this.entries.key(k)) != null;
	}

	@Override
	public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
			@Nullable CompletionListener completionListener) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			Objects.requireNonNull(k, "keys must not contain null");
		}
		this.bulk.loadAll(keys, replaceExistingValues, completionListener);
	}

	@Override
	public void put(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		this.integration.write(k, value);
		this.entries.store(this.entries.key(k), k, value, true, false);
		this.statistics.putTime(start);
	}

	@Override
	public @Nullable V getAndPut(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		this.integration.write(k, value);
		V old = this.entries.store(this.entries.key(k), k, value, true, true);
		this.statistics.hitOrMiss(old != null);
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
		this.bulk.putAll(map);
	}

	@Override
	public boolean putIfAbsent(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		String key = this.entries.key(k);
		boolean written = false;
		for (int attempt = 0;; attempt++) {
			JCacheEntries.giveUpAfter(attempt, key);
			Stored current = this.entries.read(key);
			if (current != null) {
				this.statistics.hits(1);
				break;
			}
			long at = this.expiry.creation();
			if (at == -1) {
				this.integration.write(k, value);
				this.statistics.misses(1);
				written = true;
				break;
			}
			this.integration.write(k, value);
			if (this.entries.putNew(key, value, at)) {
				this.statistics.misses(1);
				this.statistics.puts(1);
				this.events.fire(EventType.CREATED, k, value, null);
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
		this.integration.delete(k);
		boolean removed = this.entries.delete(this.entries.key(k), k, false) != null;
		this.statistics.removeTime(start);
		return removed;
	}

	@Override
	public boolean remove(K k, V oldValue) {
		checkOpen();
		checkKey(k);
		checkValue(oldValue);
		long start = this.statistics.start();
		return this.entries.conditionally(this.entries.key(k), oldValue, (key, current, value) -> {
			this.integration.delete(k);
			return this.store.remove(key, current.raw());
		}, () -> {
			this.statistics.removeTime(start);
			return false;
		}, (value) -> {
			this.statistics.removals(1);
			this.events.fire(EventType.REMOVED, k, value, value);
			this.statistics.removeTime(start);
			return true;
		});
	}

	@Override
	public @Nullable V getAndRemove(K k) {
		checkOpen();
		checkKey(k);
		long start = this.statistics.start();
		this.integration.delete(k);
		V old = this.entries.delete(this.entries.key(k), k, true);
		this.statistics.hitOrMiss(old != null);
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
		return replaceIf(k, oldValue, newValue, this.statistics.start());
	}

	/**
	 * Replace the value of a key, the compare-and-set loop of both {@code replace}s.
	 * @param k the key
	 * @param expected the value the entry must have, or {@code null} for any
	 * @param value the new value
	 * @param start the start of the call, for its time
	 * @return whether the value was replaced
	 */
	private boolean replaceIf(K k, @Nullable V expected, V value, long start) {
		return this.entries.conditionally(this.entries.key(k), expected,
				(key, current, old) -> replaceStored(key, k, current, old, value), () -> false, (old) -> {
					this.statistics.putTime(start);
					return true;
				});
	}

	/**
	 * Replace an entry read as {@code current}, or answer {@code false} when it changed.
	 */
	boolean replaceStored(String key, K k, Stored current, V old, V value) {
		this.integration.write(k, value);
		return this.entries.replace(key, k, current, old, value);
	}

	@Override
	public boolean replace(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		return replaceIf(k, null, value, this.statistics.start());
	}

	@Override
	public @Nullable V getAndReplace(K k, V value) {
		checkOpen();
		checkKey(k);
		checkValue(value);
		long start = this.statistics.start();
		return this.entries.conditionally(this.entries.key(k), null,
				(key, current, old) -> replaceStored(key, k, current, old, value), () -> {
					this.statistics.getTime(start);
					return null;
				}, (old) -> {
					this.statistics.getTime(start);
					this.statistics.putTime(start);
					return old;
				});
	}

	@Override
	public void removeAll(Set<? extends K> keys) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		for (K k : keys) {
			checkKey(k);
		}
		this.bulk.removeKeys(new ArrayList<>(keys));
	}

	@Override
	public void removeAll() {
		checkOpen();
		this.bulk.removeKeys(this.entries.listKeys());
	}

	@Override
	public void clear() {
		checkOpen();
		this.entries.clear();
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
		return this.processing.invoke(k, processor, arguments);
	}

	@Override
	public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
			Object... arguments) {
		checkOpen();
		Objects.requireNonNull(keys, "keys must not be null");
		Objects.requireNonNull(processor, "processor must not be null");
		return this.processing.invokeAll(keys, processor, arguments);
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
		this.integration.close();
		closeQuietly(this.expiry.policy());
		this.events.close();
	}

	static void closeQuietly(@Nullable Object resource) {
		if (resource instanceof Closeable closeable) {
			try {
				closeable.close();
			}
			catch (IOException | RuntimeException ex) {
				// closing a user's resource must not stop the cache from closing
			}
		}
	}

	/**
	 * Unwrap an entry or event handed to a user, which unwraps to itself alone.
	 * @param self the entry or event
	 * @param type the type asked for
	 * @param what what {@code self} is, for the message
	 * @return {@code self} as a {@code type}
	 * @throws IllegalArgumentException when {@code self} is not a {@code type}
	 */
	static <T> T unwrapSelf(Object self, Class<T> type, String what) {
		if (type.isInstance(self)) {
			return type.cast(self);
		}
		throw new IllegalArgumentException("Cannot unwrap " + what + " to " + type.getName());
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
		this.events.register(this.configuration, listenerConfiguration);
	}

	@Override
	public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
		Objects.requireNonNull(listenerConfiguration, "listenerConfiguration must not be null");
		this.events.deregister(this.configuration, listenerConfiguration);
	}

	@Override
	public Iterator<Cache.Entry<K, V>> iterator() {
		checkOpen();
		return this.bulk.iterator();
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
			return unwrapSelf(this, type, "an entry");
		}

	}

}
