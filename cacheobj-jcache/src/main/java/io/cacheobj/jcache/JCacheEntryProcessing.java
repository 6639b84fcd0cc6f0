package io.cacheobj.jcache;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import javax.cache.event.EventType;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;
import javax.cache.processor.MutableEntry;

import io.cacheobj.jcache.JCacheEntries.Stored;
import org.jspecify.annotations.Nullable;

/**
 * The entry processors of a {@link CacheObjJCache}: {@code invoke} and {@code invokeAll}.
 * A processor works on a {@link MutableEntry} that records what it did, applied
 * afterwards with a compare-and-set, the processor run again when the entry changed
 * meanwhile.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheEntryProcessing<K, V> {

	private final CacheObjJCache<K, V> cache;

	private final JCacheEntries<K, V> entries;

	private final JCacheIntegration<K, V> integration;

	private final JCacheExpiry expiry;

	private final JCacheStatistics statistics;

	private final JCacheEvents<K, V> events;

	JCacheEntryProcessing(CacheObjJCache<K, V> cache, JCacheEntries<K, V> entries, JCacheIntegration<K, V> integration,
			JCacheExpiry expiry, JCacheStatistics statistics, JCacheEvents<K, V> events) {
		this.cache = cache;
		this.entries = entries;
		this.integration = integration;
		this.expiry = expiry;
		this.statistics = statistics;
		this.events = events;
	}

	/** Run a processor on the entry of a key, its arguments checked by the cache. */
	<T> @Nullable T invoke(K k, EntryProcessor<K, V, T> processor, Object... arguments) {
		String key = this.entries.key(k);
		for (int attempt = 0;; attempt++) {
			JCacheEntries.giveUpAfter(attempt, key);
			Stored current = this.entries.read(key);
			V value = (current != null) ? this.entries.value(key, current) : null;
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
				this.statistics.hitOrMiss(current != null);
				return result;
			}
		}
	}

	/**
	 * Run a processor on the entries of keys, each through the cache's {@code invoke}.
	 */
	<T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> processor,
			Object... arguments) {
		Map<K, EntryProcessorResult<T>> results = new HashMap<>();
		for (K k : keys) {
			try {
				T result = this.cache.invoke(k, processor, arguments);
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
				if (!this.exists && JCacheEntryProcessing.this.integration.readThrough()) {
					V loaded = JCacheEntryProcessing.this.integration.load(this.key);
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
			JCacheEntryProcessing.this.cache.checkValue(value);
			this.action = (this.existed) ? Action.UPDATED : Action.CREATED;
			this.value = value;
			this.exists = true;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			return CacheObjJCache.unwrapSelf(this, type, "an entry");
		}

		/**
		 * Apply what the processor did; {@code false} when the entry changed meanwhile.
		 */
		boolean apply(String key, @Nullable Stored current) {
			JCacheEntries<K, V> entries = JCacheEntryProcessing.this.entries;
			switch (this.action) {
				case NONE:
					return true;
				case ACCESSED:
					entries.accessed(key, current);
					return true;
				case LOADED:
					entries.storeLoaded(key, this.key, this.value);
					return true;
				case CREATED: {
					if (current != null) {
						return false;
					}
					JCacheEntryProcessing.this.integration.write(this.key, this.value);
					long at = JCacheEntryProcessing.this.expiry.creation();
					if (at == -1) {
						return true;
					}
					if (entries.putNew(key, this.value, at)) {
						JCacheEntryProcessing.this.statistics.puts(1);
						JCacheEntryProcessing.this.events.fire(EventType.CREATED, this.key, this.value, null);
						return true;
					}
					return false;
				}
				case UPDATED:
					return this.existedReplace(key, current);
				case REMOVED: {
					JCacheEntryProcessing.this.integration.delete(this.key);
					if (current == null) {
						return true;
					}
					return entries.remove(key, this.key, current, entries.value(key, current));
				}
				default:
					return true;
			}
		}

		private boolean existedReplace(String key, @Nullable Stored current) {
			if (current == null) {
				return false;
			}
			return JCacheEntryProcessing.this.cache.replaceStored(key, this.key, current,
					JCacheEntryProcessing.this.entries.value(key, current), this.value);
		}

	}

}
