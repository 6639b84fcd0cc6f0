package io.cacheobj.autoconfigure.jcache;

import java.net.URI;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.spi.CachingProvider;

import org.jspecify.annotations.Nullable;

/**
 * The application context's JCache cache manager as Hibernate gets it: everything but
 * {@link #close()}, which hibernate-jcache calls when its session factory closes
 * ({@code JCacheRegionFactory.releaseFromUse}) and which would close the caches of every
 * other user of the manager (Spring's {@code JCacheCacheManager}, another session
 * factory); and its caches, which Hibernate closes too. The context closes the manager
 * itself, when it closes.
 */
final class SharedCacheManager implements CacheManager {

	private final CacheManager cacheManager;

	SharedCacheManager(CacheManager cacheManager) {
		this.cacheManager = cacheManager;
	}

	CacheManager getTarget() {
		return this.cacheManager;
	}

	@Override
	public CachingProvider getCachingProvider() {
		return this.cacheManager.getCachingProvider();
	}

	@Override
	public URI getURI() {
		return this.cacheManager.getURI();
	}

	@Override
	public @Nullable ClassLoader getClassLoader() {
		return this.cacheManager.getClassLoader();
	}

	@Override
	public Properties getProperties() {
		return this.cacheManager.getProperties();
	}

	@Override
	public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
		return shared(this.cacheManager.createCache(cacheName, configuration));
	}

	@Override
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
		return shared(this.cacheManager.getCache(cacheName, keyType, valueType));
	}

	@Override
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
		return shared(this.cacheManager.<K, V>getCache(cacheName));
	}

	private <K, V> @Nullable Cache<K, V> shared(@Nullable Cache<K, V> cache) {
		return (cache != null) ? new SharedCache<>(cache, this) : null;
	}

	@Override
	public Iterable<String> getCacheNames() {
		return this.cacheManager.getCacheNames();
	}

	@Override
	public void destroyCache(String cacheName) {
		this.cacheManager.destroyCache(cacheName);
	}

	@Override
	public void enableManagement(String cacheName, boolean enabled) {
		this.cacheManager.enableManagement(cacheName, enabled);
	}

	@Override
	public void enableStatistics(String cacheName, boolean enabled) {
		this.cacheManager.enableStatistics(cacheName, enabled);
	}

	/**
	 * Does nothing: the application context closes the manager.
	 */
	@Override
	public void close() {
	}

	@Override
	public boolean isClosed() {
		return this.cacheManager.isClosed();
	}

	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this.cacheManager)) {
			return type.cast(this.cacheManager);
		}
		return this.cacheManager.unwrap(type);
	}

	@Override
	public String toString() {
		return "SharedCacheManager[" + this.cacheManager + "]";
	}

}
