package io.cacheobj.jcache;

import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * A snapshot of a cache's configuration that refuses every change.
 */
final class ImmutableConfiguration<K, V> extends MutableConfiguration<K, V> {

	private static final long serialVersionUID = 1L;

	private final boolean frozen;

	ImmutableConfiguration(CompleteConfiguration<K, V> configuration) {
		super(configuration);
		this.frozen = true;
	}

	private void refuse() {
		if (this.frozen) {
			throw new UnsupportedOperationException(
					"A cache's configuration cannot be changed through getConfiguration");
		}
	}

	@Override
	public MutableConfiguration<K, V> setTypes(Class<K> keyType, Class<V> valueType) {
		refuse();
		return super.setTypes(keyType, valueType);
	}

	@Override
	public MutableConfiguration<K, V> addCacheEntryListenerConfiguration(
			CacheEntryListenerConfiguration<K, V> configuration) {
		refuse();
		return super.addCacheEntryListenerConfiguration(configuration);
	}

	@Override
	public MutableConfiguration<K, V> removeCacheEntryListenerConfiguration(
			CacheEntryListenerConfiguration<K, V> configuration) {
		refuse();
		return super.removeCacheEntryListenerConfiguration(configuration);
	}

	@Override
	public MutableConfiguration<K, V> setCacheLoaderFactory(Factory<? extends CacheLoader<K, V>> factory) {
		refuse();
		return super.setCacheLoaderFactory(factory);
	}

	@Override
	public MutableConfiguration<K, V> setCacheWriterFactory(
			Factory<? extends CacheWriter<? super K, ? super V>> factory) {
		refuse();
		return super.setCacheWriterFactory(factory);
	}

	@Override
	public MutableConfiguration<K, V> setExpiryPolicyFactory(Factory<? extends ExpiryPolicy> factory) {
		refuse();
		return super.setExpiryPolicyFactory(factory);
	}

	@Override
	public MutableConfiguration<K, V> setReadThrough(boolean isReadThrough) {
		refuse();
		return super.setReadThrough(isReadThrough);
	}

	@Override
	public MutableConfiguration<K, V> setWriteThrough(boolean isWriteThrough) {
		refuse();
		return super.setWriteThrough(isWriteThrough);
	}

	@Override
	public MutableConfiguration<K, V> setStoreByValue(boolean isStoreByValue) {
		refuse();
		return super.setStoreByValue(isStoreByValue);
	}

	@Override
	public MutableConfiguration<K, V> setStatisticsEnabled(boolean enabled) {
		refuse();
		return super.setStatisticsEnabled(enabled);
	}

	@Override
	public MutableConfiguration<K, V> setManagementEnabled(boolean enabled) {
		refuse();
		return super.setManagementEnabled(enabled);
	}

}
