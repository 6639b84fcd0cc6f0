package io.cacheobj.jcache;

import javax.cache.configuration.CompleteConfiguration;
import javax.cache.management.CacheMXBean;

/**
 * A cache's configuration MXBean.
 */
final class JCacheConfigurationBean implements CacheMXBean {

	private final CacheObjJCache<?, ?> cache;

	JCacheConfigurationBean(CacheObjJCache<?, ?> cache) {
		this.cache = cache;
	}

	private CompleteConfiguration<?, ?> configuration() {
		return this.cache.getConfiguration(CompleteConfiguration.class);
	}

	@Override
	public String getKeyType() {
		return configuration().getKeyType().getName();
	}

	@Override
	public String getValueType() {
		return configuration().getValueType().getName();
	}

	@Override
	public boolean isReadThrough() {
		return configuration().isReadThrough();
	}

	@Override
	public boolean isWriteThrough() {
		return configuration().isWriteThrough();
	}

	@Override
	public boolean isStoreByValue() {
		return configuration().isStoreByValue();
	}

	@Override
	public boolean isStatisticsEnabled() {
		return configuration().isStatisticsEnabled();
	}

	@Override
	public boolean isManagementEnabled() {
		return configuration().isManagementEnabled();
	}

}
