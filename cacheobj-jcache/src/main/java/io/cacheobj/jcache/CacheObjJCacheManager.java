package io.cacheobj.jcache;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.management.CacheMXBean;
import javax.cache.management.CacheStatisticsMXBean;
import javax.cache.spi.CachingProvider;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;

import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.CacheObjStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A JCache cache manager on one backend of a {@link CacheObjBinding}: see
 * {@link CacheObjCachingProvider} for how its URI and properties choose them. Its caches
 * live under the key prefix {@code <binding prefix>jcache:<cache name>::} whatever the
 * manager's {@code cacheobj:} URI, so every manager on the same backend (in this JVM,
 * another context or another JVM) shares a cache's entries by its name; a manager on a
 * URI of another scheme puts the URI before the cache name and shares only with managers
 * on that URI. Creating a cache that already has entries on the backend (another JVM's,
 * or before a restart) keeps them; {@link #destroyCache} deletes them for every JVM.
 * <p>
 * A cache's backend and time to live may be set per cache name with the manager
 * properties {@code io.cacheobj.jcache.caches.<name>.backend} and
 * {@code io.cacheobj.jcache.caches.<name>.ttl} (an ISO-8601 duration such as
 * {@code PT10M}, or milliseconds); the time to live applies to caches created without an
 * expiry policy of their own, as Hibernate creates its regions.
 *
 * @since 0.1.0
 */
public final class CacheObjJCacheManager implements CacheManager {

	/**
	 * The start of the manager properties that set one cache's backend and time to live:
	 * {@code io.cacheobj.jcache.caches.<name>.backend} and {@code .ttl}.
	 */
	public static final String CACHES_PROPERTY = "io.cacheobj.jcache.caches.";

	private static final Log logger = LogFactory.getLog(CacheObjJCacheManager.class);

	private final CacheObjCachingProvider provider;

	private final URI uri;

	private final ClassLoader classLoader;

	private final Properties properties;

	private final CacheObjBinding binding;

	private final String backend;

	private final String keyPrefix;

	private final JavaValues values;

	private final Map<String, CacheObjJCache<?, ?>> caches = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private final Set<String> listingBackends = ConcurrentHashMap.newKeySet();

	CacheObjJCacheManager(CacheObjCachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
			CacheObjBinding binding, String backend, JavaValues values) {
		this.provider = provider;
		this.uri = uri;
		this.classLoader = classLoader;
		this.properties = properties;
		this.binding = binding;
		this.backend = backend;
		this.values = values;
		this.keyPrefix = binding.keyPrefix() + "jcache:"
				+ ("cacheobj".equals(uri.getScheme()) ? "" : uri.toString() + ":");
	}

	/**
	 * Return a cache's name as its keys carry it: {@code :} and {@code %} written
	 * {@code %3A} and {@code %25}, so that no cache's key prefix starts another's (caches
	 * {@code a} and {@code a:} would otherwise both clear {@code jcache:a::...}).
	 */
	static String keyName(String cacheName) {
		if (cacheName.indexOf(':') < 0 && cacheName.indexOf('%') < 0) {
			return cacheName;
		}
		return cacheName.replace("%", "%25").replace(":", "%3A");
	}

	Executor executor() {
		return ForkJoinPool.commonPool();
	}

	/**
	 * Return the backend's name.
	 * @return the name of the cacheobj backend this manager's caches live on
	 */
	public String backendName() {
		return this.backend;
	}

	@Override
	public CachingProvider getCachingProvider() {
		return this.provider;
	}

	@Override
	public URI getURI() {
		return this.uri;
	}

	@Override
	public ClassLoader getClassLoader() {
		return this.classLoader;
	}

	@Override
	public Properties getProperties() {
		return this.properties;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new IllegalStateException("The cache manager " + this.uri + " is closed");
		}
	}

	@Override
	public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
		checkOpen();
		Objects.requireNonNull(cacheName, "cacheName must not be null");
		Objects.requireNonNull(configuration, "configuration must not be null");
		MutableConfiguration<K, V> complete = (configuration instanceof CompleteConfiguration<K, V> given)
				? new MutableConfiguration<>(given)
				: new MutableConfiguration<K, V>().setTypes(configuration.getKeyType(), configuration.getValueType())
					.setStoreByValue(configuration.isStoreByValue());
		String cacheBackend = this.properties.getProperty(CACHES_PROPERTY + cacheName + ".backend", this.backend);
		if (!this.binding.backends().containsKey(cacheBackend)) {
			throw new CacheException("No cacheobj backend '" + cacheBackend + "' for the cache '" + cacheName
					+ "'; the backends are " + this.binding.backends().keySet());
		}
		applyTimeToLive(cacheName, complete);
		String prefix = this.keyPrefix + keyName(cacheName) + "::";
		CacheObjStore store = this.binding.store(cacheBackend, prefix);
		if (!this.listingBackends.contains(cacheBackend)) {
			try {
				// Once per backend: a Redis SCAN visits the whole key space, even for no
				// match.
				store.keys(this.keyPrefix + "\u0000");
				this.listingBackends.add(cacheBackend);
			}
			catch (UnsupportedOperationException ex) {
				throw new CacheException("The cacheobj backend '" + cacheBackend
						+ "' cannot list its keys (memcached), which JCache's iterator, removeAll and clear need:"
						+ " use a memory or Redis backend for JCache caches", ex);
			}
		}
		CacheObjJCache<K, V> cache = new CacheObjJCache<>(cacheName, this, store, prefix, this.values, complete);
		if (this.caches.putIfAbsent(cacheName, cache) != null) {
			throw new CacheException("A cache named '" + cacheName + "' already exists");
		}
		if (complete.isManagementEnabled()) {
			register(cache, "CacheConfiguration",
					new StandardMBean(cache.configurationBean(), CacheMXBean.class, true));
		}
		if (complete.isStatisticsEnabled()) {
			register(cache, "CacheStatistics",
					new StandardMBean(cache.statisticsBean(), CacheStatisticsMXBean.class, true));
		}
		return cache;
	}

	/**
	 * Give a cache created without an expiry policy of its own the time to live its
	 * {@code .ttl} property names.
	 */
	private void applyTimeToLive(String cacheName, MutableConfiguration<?, ?> configuration) {
		String property = CACHES_PROPERTY + cacheName + ".ttl";
		String text = this.properties.getProperty(property);
		if (text == null) {
			return;
		}
		java.time.Duration ttl;
		try {
			ttl = text.chars().allMatch(Character::isDigit) ? java.time.Duration.ofMillis(Long.parseLong(text))
					: java.time.Duration.parse(text);
		}
		catch (RuntimeException ex) {
			throw new CacheException("The property " + property + " is '" + text
					+ "', which is not a duration (an ISO-8601 duration such as PT10M, or milliseconds)", ex);
		}
		if (ttl.isNegative() || ttl.isZero()) {
			throw new CacheException("The property " + property + " is " + text + ": a time to live must be positive");
		}
		if (!(configuration.getExpiryPolicyFactory().create() instanceof EternalExpiryPolicy)) {
			logger.warn("The cache '" + cacheName + "' is created with an expiry policy of its own, which " + property
					+ " does not replace");
			return;
		}
		configuration.setExpiryPolicyFactory(
				CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.MILLISECONDS, Math.max(1, ttl.toMillis()))));
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
		checkOpen();
		Objects.requireNonNull(cacheName, "cacheName must not be null");
		Objects.requireNonNull(keyType, "keyType must not be null");
		Objects.requireNonNull(valueType, "valueType must not be null");
		CacheObjJCache<?, ?> cache = this.caches.get(cacheName);
		if (cache == null) {
			return null;
		}
		CompleteConfiguration<?, ?> configuration = cache.getConfiguration(CompleteConfiguration.class);
		if (!configuration.getKeyType().equals(keyType) || !configuration.getValueType().equals(valueType)) {
			throw new ClassCastException("The cache '" + cacheName + "' holds " + configuration.getKeyType().getName()
					+ " to " + configuration.getValueType().getName());
		}
		return (Cache<K, V>) cache;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <K, V> @Nullable Cache<K, V> getCache(String cacheName) {
		checkOpen();
		Objects.requireNonNull(cacheName, "cacheName must not be null");
		return (Cache<K, V>) this.caches.get(cacheName);
	}

	@Override
	public Iterable<String> getCacheNames() {
		checkOpen();
		return Collections.unmodifiableSet(new LinkedHashSet<>(this.caches.keySet()));
	}

	@Override
	public void destroyCache(String cacheName) {
		checkOpen();
		Objects.requireNonNull(cacheName, "cacheName must not be null");
		CacheObjJCache<?, ?> cache = this.caches.remove(cacheName);
		if (cache != null) {
			cache.clear();
			cache.shutDown();
		}
	}

	@Override
	public void enableManagement(String cacheName, boolean enabled) {
		checkOpen();
		CacheObjJCache<?, ?> cache = this.caches.get(Objects.requireNonNull(cacheName, "cacheName must not be null"));
		if (cache == null) {
			return;
		}
		cache.setManagementEnabled(enabled);
		if (enabled) {
			register(cache, "CacheConfiguration",
					new StandardMBean(cache.configurationBean(), CacheMXBean.class, true));
		}
		else {
			unregister(cache, "CacheConfiguration");
		}
	}

	@Override
	public void enableStatistics(String cacheName, boolean enabled) {
		checkOpen();
		CacheObjJCache<?, ?> cache = this.caches.get(Objects.requireNonNull(cacheName, "cacheName must not be null"));
		if (cache == null) {
			return;
		}
		cache.setStatisticsEnabled(enabled);
		if (enabled) {
			register(cache, "CacheStatistics",
					new StandardMBean(cache.statisticsBean(), CacheStatisticsMXBean.class, true));
		}
		else {
			unregister(cache, "CacheStatistics");
		}
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.provider.closed(this);
		for (CacheObjJCache<?, ?> cache : new ArrayList<>(this.caches.values())) {
			cache.shutDown();
		}
		this.caches.clear();
	}

	void closed(CacheObjJCache<?, ?> cache) {
		this.caches.remove(cache.getName(), cache);
	}

	@Override
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Return this manager, or the {@link CacheObjBinding} its caches sit on.
	 */
	@Override
	public <T> T unwrap(Class<T> type) {
		if (type.isInstance(this)) {
			return type.cast(this);
		}
		if (type.isInstance(this.binding)) {
			return type.cast(this.binding);
		}
		throw new IllegalArgumentException("Cannot unwrap a cacheobj cache manager to " + type.getName());
	}

	// ---- JMX

	private ObjectName objectName(CacheObjJCache<?, ?> cache, String type) {
		try {
			return new ObjectName("javax.cache:type=" + type + ",CacheManager=" + safe(this.uri.toString()) + ",Cache="
					+ safe(cache.getName()));
		}
		catch (Exception ex) {
			throw new CacheException("Cannot name the MBean of the cache '" + cache.getName() + "'", ex);
		}
	}

	private static String safe(String text) {
		return text.replaceAll("[,:=\n]", ".");
	}

	private void register(CacheObjJCache<?, ?> cache, String type, Object bean) {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		ObjectName name = objectName(cache, type);
		try {
			if (!server.isRegistered(name)) {
				server.registerMBean(bean, name);
			}
		}
		catch (Exception ex) {
			throw new CacheException("Cannot register the MBean " + name, ex);
		}
	}

	private void unregister(CacheObjJCache<?, ?> cache, String type) {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		ObjectName name = objectName(cache, type);
		try {
			if (server.isRegistered(name)) {
				server.unregisterMBean(name);
			}
		}
		catch (Exception ex) {
			throw new CacheException("Cannot unregister the MBean " + name, ex);
		}
	}

	void unregisterBeans(CacheObjJCache<?, ?> cache) {
		unregister(cache, "CacheConfiguration");
		unregister(cache, "CacheStatistics");
	}

}
