package io.cacheobj.jcache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import javax.cache.Cache;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;

import io.cacheobj.jcache.JCacheEntries.Stored;
import org.jspecify.annotations.Nullable;

/**
 * The operations of a {@link CacheObjJCache} on many entries: {@code getAll},
 * {@code loadAll}, {@code putAll}, {@code removeAll} and the iterator, each entry read or
 * written as the single-entry operations do, the loader and the writer called once for
 * all. The arguments are checked by the cache.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheBulkOperations<K, V> {

	private final Cache<K, V> cache;

	private final JCacheEntries<K, V> entries;

	private final JCacheIntegration<K, V> integration;

	private final JCacheStatistics statistics;

	private final CacheObjJCacheManager manager;

	JCacheBulkOperations(Cache<K, V> cache, JCacheEntries<K, V> entries, JCacheIntegration<K, V> integration,
			JCacheStatistics statistics, CacheObjJCacheManager manager) {
		this.cache = cache;
		this.entries = entries;
		this.integration = integration;
		this.statistics = statistics;
		this.manager = manager;
	}

	Map<K, V> getAll(Set<? extends K> keys) {
		long start = this.statistics.start();
		Map<K, V> found = new LinkedHashMap<>();
		List<K> missing = new ArrayList<>();
		for (K k : keys) {
			String key = this.entries.key(k);
			Stored stored = this.entries.read(key);
			if (stored != null) {
				this.statistics.hits(1);
				found.put(k, this.entries.value(key, stored));
				this.entries.accessed(key, stored);
			}
			else {
				this.statistics.misses(1);
				missing.add(k);
			}
		}
		if (!missing.isEmpty() && this.integration.readThrough()) {
			Map<K, V> loaded = this.integration.loadAll(missing);
			if (loaded != null) {
				loaded.forEach((k, v) -> {
					if (k != null && v != null) {
						this.entries.storeLoaded(this.entries.key(k), k, v);
						found.put(k, v);
					}
				});
			}
		}
		this.statistics.getTime(start);
		return found;
	}

	void loadAll(Set<? extends K> keys, boolean replaceExistingValues,
			@Nullable CompletionListener completionListener) {
		if (!this.integration.hasLoader()) {
			if (completionListener != null) {
				completionListener.onCompletion();
			}
			return;
		}
		this.manager.executor().execute(() -> {
			try {
				List<K> toLoad = new ArrayList<>();
				for (K k : keys) {
					if (replaceExistingValues || this.entries.read(this.entries.key(k)) == null) {
						toLoad.add(k);
					}
				}
				Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : this.integration.loadAll(toLoad);
				if (loaded != null) {
					for (Map.Entry<K, V> entry : loaded.entrySet()) {
						if (entry.getKey() == null || entry.getValue() == null) {
							continue;
						}
						String key = this.entries.key(entry.getKey());
						if (replaceExistingValues) {
							this.entries.store(key, entry.getKey(), entry.getValue(), true, false);
						}
						else {
							this.entries.storeLoaded(key, entry.getKey(), entry.getValue());
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

	void putAll(Map<? extends K, ? extends V> map) {
		long start = this.statistics.start();
		Map<K, V> toStore = new LinkedHashMap<>(map);
		RuntimeException failure = null;
		if (this.integration.writeThrough()) {
			List<Cache.Entry<? extends K, ? extends V>> entries = new ArrayList<>();
			toStore.forEach((k, v) -> entries.add(new CacheObjJCache.CacheEntry<>(k, v)));
			try {
				this.integration.writer().writeAll(entries);
			}
			catch (Exception ex) {
				failure = (ex instanceof CacheWriterException cwe) ? cwe : new CacheWriterException(ex);
				for (Cache.Entry<? extends K, ? extends V> notWritten : entries) {
					toStore.remove(notWritten.getKey());
				}
			}
		}
		toStore.forEach((k, v) -> this.entries.store(this.entries.key(k), k, v, true, false));
		this.statistics.putTime(start);
		if (failure != null) {
			throw failure;
		}
	}

	void removeKeys(List<K> keys) {
		long start = this.statistics.start();
		Set<K> toRemove = new HashSet<>(keys);
		RuntimeException failure = null;
		if (this.integration.writeThrough() && !toRemove.isEmpty()) {
			Collection<Object> remaining = new ArrayList<>(keys);
			try {
				this.integration.writer().deleteAll(remaining);
			}
			catch (Exception ex) {
				failure = (ex instanceof CacheWriterException cwe) ? cwe : new CacheWriterException(ex);
				toRemove.removeAll(remaining);
			}
		}
		for (K k : toRemove) {
			this.entries.delete(this.entries.key(k), k, false);
		}
		this.statistics.removeTime(start);
		if (failure != null) {
			throw failure;
		}
	}

	Iterator<Cache.Entry<K, V>> iterator() {
		Iterator<K> listed = this.entries.listKeys().iterator();
		return new Iterator<>() {

			private Cache.@Nullable Entry<K, V> next;

			private @Nullable K last;

			@Override
			public boolean hasNext() {
				while (this.next == null && listed.hasNext()) {
					K k = listed.next();
					JCacheEntries<K, V> entries = JCacheBulkOperations.this.entries;
					String key = entries.key(k);
					Stored stored = entries.read(key);
					if (stored != null) {
						JCacheBulkOperations.this.statistics.hits(1);
						this.next = new CacheObjJCache.CacheEntry<>(k, entries.value(key, stored));
						entries.accessed(key, stored);
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
				JCacheBulkOperations.this.cache.remove(this.last);
				this.last = null;
			}

		};
	}

}
