package io.cacheobj.autoconfigure.jcache;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

import org.jspecify.annotations.Nullable;

/**
 * A cache of the application's JCache cache manager as Hibernate gets it: everything but
 * {@link #close()}, which hibernate-jcache calls on each region's cache when its session
 * factory closes and which would close the cache for every other user of the manager.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class SharedCache<K, V> implements Cache<K, V> {

	private final Cache<K, V> cache;

	private final CacheManager cacheManager;

	SharedCache(Cache<K, V> cache, CacheManager cacheManager) {
		this.cache = cache;
		this.cacheManager = cacheManager;
	}

	@Override
	public V get(K key) {
		return this.cache.get(key);
	}

	@Override
	public Map<K, V> getAll(Set<? extends K> keys) {
		return this.cache.getAll(keys);
	}

	@Override
	public boolean containsKey(K key) {
		return this.cache.containsKey(key);
	}

	@Override
	public void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
			@Nullable CompletionListener completionListener) {
		this.cache.loadAll(keys, replaceExistingValues, completionListener);
	}

	@Override
	public void put(K key, V value) {
		this.cache.put(key, value);
	}

	@Override
	public V getAndPut(K key, V value) {
		return this.cache.getAndPut(key, value);
	}

	@Override
	public void putAll(Map<? extends K, ? extends V> map) {
		this.cache.putAll(map);
	}

	@Override
	public boolean putIfAbsent(K key, V value) {
		return this.cache.putIfAbsent(key, value);
	}

	@Override
	public boolean remove(K key) {
		return this.cache.remove(key);
	}

	@Override
	public boolean remove(K key, V oldValue) {
		return this.cache.remove(key, oldValue);
	}

	@Override
	public V getAndRemove(K key) {
		return this.cache.getAndRemove(key);
	}

	@Override
	public boolean replace(K key, V oldValue, V newValue) {
		return this.cache.replace(key, oldValue, newValue);
	}

	@Override
	public boolean replace(K key, V value) {
		return this.cache.replace(key, value);
	}

	@Override
	public V getAndReplace(K key, V value) {
		return this.cache.getAndReplace(key, value);
	}

	@Override
	public void removeAll(Set<? extends K> keys) {
		this.cache.removeAll(keys);
	}

	@Override
	public void removeAll() {
		this.cache.removeAll();
	}

	@Override
	public void clear() {
		this.cache.clear();
	}

	@Override
	public <C extends Configuration<K, V>> C getConfiguration(Class<C> type) {
		return this.cache.getConfiguration(type);
	}

	@Override
	public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments)
			throws EntryProcessorException {
		return this.cache.invoke(key, entryProcessor, arguments);
	}

	@Override
	public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
			Object... arguments) {
		return this.cache.invokeAll(keys, entryProcessor, arguments);
	}

	@Override
	public String getName() {
		return this.cache.getName();
	}

	@Override
	public CacheManager getCacheManager() {
		return this.cacheManager;
	}

	/**
	 * Does nothing: the application context closes the manager and its caches.
	 */
	@Override
	public void close() {
	}

	@Override
	public boolean isClosed() {
		return this.cache.isClosed();
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this.cache)) {
			return type.cast(this.cache);
		}
		return this.cache.unwrap(type);
	}

	@Override
	public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
		this.cache.registerCacheEntryListener(configuration);
	}

	@Override
	public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> configuration) {
		this.cache.deregisterCacheEntryListener(configuration);
	}

	@Override
	public Iterator<Entry<K, V>> iterator() {
		return this.cache.iterator();
	}

}
