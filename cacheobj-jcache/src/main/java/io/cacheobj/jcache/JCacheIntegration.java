package io.cacheobj.jcache;

import java.util.Map;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

import org.jspecify.annotations.Nullable;

/**
 * The read-through and write-through of a {@link CacheObjJCache}: its {@link CacheLoader}
 * and {@link CacheWriter}, their failures reported as a {@link CacheLoaderException} or a
 * {@link CacheWriterException}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheIntegration<K, V> {

	private final CompleteConfiguration<K, V> configuration;

	private final @Nullable CacheLoader<K, V> loader;

	private final @Nullable CacheWriter<? super K, ? super V> writer;

	@SuppressWarnings("unchecked")
	JCacheIntegration(CompleteConfiguration<K, V> configuration) {
		this.configuration = configuration;
		this.loader = (configuration.getCacheLoaderFactory() != null)
				? (CacheLoader<K, V>) configuration.getCacheLoaderFactory().create() : null;
		this.writer = (configuration.getCacheWriterFactory() != null) ? configuration.getCacheWriterFactory().create()
				: null;
	}

	boolean hasLoader() {
		return this.loader != null;
	}

	boolean readThrough() {
		return this.configuration.isReadThrough() && this.loader != null;
	}

	boolean writeThrough() {
		return this.configuration.isWriteThrough() && this.writer != null;
	}

	@Nullable V load(K k) {
		try {
			return this.loader.load(k);
		}
		catch (CacheLoaderException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CacheLoaderException(ex);
		}
	}

	@Nullable Map<K, V> loadAll(Iterable<? extends K> keys) {
		try {
			return this.loader.loadAll(keys);
		}
		catch (CacheLoaderException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new CacheLoaderException(ex);
		}
	}

	void write(K k, V value) {
		if (writeThrough()) {
			try {
				this.writer.write(new CacheObjJCache.CacheEntry<>(k, value));
			}
			catch (CacheWriterException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new CacheWriterException(ex);
			}
		}
	}

	void delete(K k) {
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

	/** The writer, for the bulk writes that report which entries it did not write. */
	@SuppressWarnings("unchecked")
	CacheWriter<K, V> writer() {
		return (CacheWriter<K, V>) this.writer;
	}

	/** Close the loader and the writer. */
	void close() {
		CacheObjJCache.closeQuietly(this.loader);
		CacheObjJCache.closeQuietly(this.writer);
	}

}
