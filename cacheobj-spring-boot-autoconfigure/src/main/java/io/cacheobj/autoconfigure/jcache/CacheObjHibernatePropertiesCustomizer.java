package io.cacheobj.autoconfigure.jcache;

import java.util.Map;

import javax.cache.CacheManager;

import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.autoconfigure.CacheObjProperties.JCacheCache;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;

/**
 * Hands the application's JCache {@link CacheManager} bean to hibernate-jcache when the
 * application chose it as Hibernate's region factory
 * ({@code hibernate.cache.region.factory_class=jcache}) and named neither a cache manager
 * nor a provider of its own: Hibernate then keeps its regions in the caches that Spring's
 * cache abstraction, the actuator and cacheobj's settings see, instead of a second
 * manager of its own. Hibernate gets a view of the manager that it cannot close (it
 * closes the one it is given when its session factory closes); the application context
 * closes the manager. Missing regions are created ({@code missing_cache_strategy=create},
 * unless set), eternal, as hibernate-jcache creates them. The update timestamps region
 * must never expire: a time to live configured for it is refused.
 */
final class CacheObjHibernatePropertiesCustomizer implements HibernatePropertiesCustomizer {

	static final String REGION_FACTORY = "hibernate.cache.region.factory_class";

	static final String CACHE_MANAGER = "hibernate.javax.cache.cache_manager";

	static final String PROVIDER = "hibernate.javax.cache.provider";

	static final String URI = "hibernate.javax.cache.uri";

	static final String MISSING_CACHE_STRATEGY = "hibernate.javax.cache.missing_cache_strategy";

	static final String REGION_PREFIX = "hibernate.cache.region_prefix";

	static final String TIMESTAMPS_REGION = "default-update-timestamps-region";

	private final ObjectProvider<CacheManager> cacheManager;

	private final CacheObjProperties properties;

	CacheObjHibernatePropertiesCustomizer(ObjectProvider<CacheManager> cacheManager, CacheObjProperties properties) {
		this.cacheManager = cacheManager;
		this.properties = properties;
	}

	@Override
	public void customize(Map<String, Object> hibernateProperties) {
		if (!isJCacheRegionFactory(hibernateProperties.get(REGION_FACTORY))) {
			return;
		}
		if (hibernateProperties.containsKey(CACHE_MANAGER) || hibernateProperties.containsKey(PROVIDER)
				|| hibernateProperties.containsKey(URI)) {
			return;
		}
		CacheManager manager = this.cacheManager.getIfUnique();
		if (manager == null) {
			return;
		}
		checkTimestampsRegion(hibernateProperties);
		hibernateProperties.put(CACHE_MANAGER, new SharedCacheManager(manager));
		hibernateProperties.putIfAbsent(MISSING_CACHE_STRATEGY, "create");
	}

	private void checkTimestampsRegion(Map<String, Object> hibernateProperties) {
		Object prefix = hibernateProperties.get(REGION_PREFIX);
		String name = ((prefix != null) ? prefix.toString() : "") + TIMESTAMPS_REGION;
		JCacheCache cache = this.properties.getJcache().getCaches().get(name);
		if (cache != null && cache.getTtl() != null) {
			String property = "cacheobj.jcache.caches" + CacheObjJCacheAutoConfiguration.mapKey(name) + ".ttl";
			throw new InvalidCacheObjJCacheException(property, String.valueOf(cache.getTtl()),
					"sets a time to live on Hibernate's update timestamps region, whose entries must never expire"
							+ " (an expired timestamp lets a query cache serve results older than an update)",
					"Remove " + property + ".");
		}
	}

	static boolean isJCacheRegionFactory(@Nullable Object setting) {
		if (setting == null) {
			return false;
		}
		String name = (setting instanceof Class<?> type) ? type.getName()
				: (setting instanceof String text) ? text.trim() : setting.getClass().getName();
		return name.equals("jcache") || name.equals("org.hibernate.cache.jcache.JCacheRegionFactory")
				|| name.equals("org.hibernate.cache.jcache.internal.JCacheRegionFactory");
	}

}
