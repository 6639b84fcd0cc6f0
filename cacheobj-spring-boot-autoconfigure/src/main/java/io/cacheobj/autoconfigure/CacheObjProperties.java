package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of cacheobj.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("cacheobj")
public class CacheObjProperties {

	/**
	 * Name of the backend of properties that name none; when unset, the only backend, or
	 * the embedded "memory" backend when no backends are configured.
	 */
	private @Nullable String defaultBackend;

	/**
	 * Text prepended to every key, such as "myapp:".
	 */
	private String keyPrefix = "";

	/**
	 * Backends by name; each is a bean under its name.
	 */
	private Map<String, CacheObjBackendProperties> backends = new LinkedHashMap<>();

	/**
	 * Spring's cache abstraction (the cache annotations) on the backends.
	 */
	private final SpringCache springCache = new SpringCache();

	/**
	 * JCache (JSR-107) caches on the backends, and Hibernate's second-level cache on
	 * them.
	 */
	private final JCache jcache = new JCache();

	/**
	 * Settings for an application's tests, which cacheobj's test annotations set.
	 */
	private final Test test = new Test();

	public SpringCache getSpringCache() {
		return this.springCache;
	}

	public JCache getJcache() {
		return this.jcache;
	}

	public Test getTest() {
		return this.test;
	}

	public @Nullable String getDefaultBackend() {
		return this.defaultBackend;
	}

	public void setDefaultBackend(@Nullable String defaultBackend) {
		this.defaultBackend = defaultBackend;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	public Map<String, CacheObjBackendProperties> getBackends() {
		return this.backends;
	}

	public void setBackends(Map<String, CacheObjBackendProperties> backends) {
		this.backends = backends;
	}

	/**
	 * Settings for an application's tests, set by {@code @AutoConfigureCacheObj} of
	 * cacheobj-spring-boot-starter-test; not for production.
	 */
	public static class Test {

		/**
		 * Which configured backends to replace by a memory backend of the same name, for
		 * tests without servers: none, or any (every redis and memcached backend).
		 */
		private TestReplace replace = TestReplace.NONE;

		public TestReplace getReplace() {
			return this.replace;
		}

		public void setReplace(TestReplace replace) {
			this.replace = replace;
		}

	}

	/**
	 * Spring's cache abstraction on cacheobj backends: the caches that the cache
	 * annotations use when the application enables caching.
	 */
	public static class SpringCache {

		/**
		 * Whether to auto-configure cacheobj's Spring cache manager when the application
		 * enables caching and neither declares a CacheManager nor sets spring.cache.type.
		 */
		private boolean enabled = true;

		/**
		 * Name of the backend of caches that name none; when unset,
		 * cacheobj.default-backend.
		 */
		private @Nullable String defaultBackend;

		/**
		 * Time to live of the entries of caches that set none; when unset, entries do not
		 * expire.
		 */
		private @Nullable Duration defaultTtl;

		/**
		 * Whether a cache that is not listed under caches is created on the default
		 * backend when it is first used.
		 */
		private boolean dynamic = true;

		/**
		 * Caches by name; a name must not contain "::", white space, control or glob
		 * characters.
		 */
		private Map<String, Cache> caches = new LinkedHashMap<>();

		/**
		 * Packages whose types cached values may have, besides the application's packages
		 * and the JDK's value and collection types; a value of any other type is refused
		 * when stored and, stored by another client, never instantiated and read as a
		 * miss.
		 */
		private List<String> trustedPackages = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getDefaultBackend() {
			return this.defaultBackend;
		}

		public void setDefaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
		}

		public @Nullable Duration getDefaultTtl() {
			return this.defaultTtl;
		}

		public void setDefaultTtl(@Nullable Duration defaultTtl) {
			this.defaultTtl = defaultTtl;
		}

		public boolean isDynamic() {
			return this.dynamic;
		}

		public void setDynamic(boolean dynamic) {
			this.dynamic = dynamic;
		}

		public Map<String, Cache> getCaches() {
			return this.caches;
		}

		public void setCaches(Map<String, Cache> caches) {
			this.caches = caches;
		}

		public List<String> getTrustedPackages() {
			return this.trustedPackages;
		}

		public void setTrustedPackages(List<String> trustedPackages) {
			this.trustedPackages = trustedPackages;
		}

	}

	/**
	 * JCache (JSR-107) caches on cacheobj backends, with the cacheobj-jcache module on
	 * the classpath, and Hibernate's second-level cache on them.
	 */
	public static class JCache {

		/**
		 * Name of the backend of caches created without one (Hibernate's regions among
		 * them); when unset, cacheobj.default-backend. A memcached backend is refused: it
		 * cannot list keys nor keep a time to live on update.
		 */
		private @Nullable String defaultBackend;

		/**
		 * Packages whose classes a cached value may be made of, besides the JDK's value
		 * types, Hibernate's cache entries and the application's packages; no other class
		 * is ever instantiated from stored bytes.
		 */
		private List<String> allowedPackages = new ArrayList<>();

		/**
		 * Caches by name, such as Hibernate's regions (an entity's class name).
		 */
		private Map<String, JCacheCache> caches = new LinkedHashMap<>();

		/**
		 * Hibernate's second-level cache on the JCache cache manager.
		 */
		private final Hibernate hibernate = new Hibernate();

		public @Nullable String getDefaultBackend() {
			return this.defaultBackend;
		}

		public void setDefaultBackend(@Nullable String defaultBackend) {
			this.defaultBackend = defaultBackend;
		}

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

		public Map<String, JCacheCache> getCaches() {
			return this.caches;
		}

		public void setCaches(Map<String, JCacheCache> caches) {
			this.caches = caches;
		}

		public Hibernate getHibernate() {
			return this.hibernate;
		}

		/**
		 * Hibernate's second-level cache.
		 */
		public static class Hibernate {

			/**
			 * Whether to hand the application's JCache cache manager to hibernate-jcache
			 * when spring.jpa.properties.hibernate.cache.region.factory_class is jcache
			 * and the application names no cache manager or provider of its own.
			 */
			private boolean enabled = true;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

		}

	}

	/**
	 * One named JCache cache. A name with dots (a Hibernate region) goes in brackets:
	 * {@code cacheobj.jcache.caches[com.example.Customer].ttl}.
	 */
	public static class JCacheCache {

		/**
		 * Name of the backend the cache's entries live on; when unset, the JCache default
		 * backend.
		 */
		private @Nullable String backend;

		/**
		 * Time to live of the cache's entries from their creation, for a cache created
		 * without an expiry policy of its own (as Hibernate's regions are); when unset,
		 * entries do not expire.
		 */
		private @Nullable Duration ttl;

		public @Nullable String getBackend() {
			return this.backend;
		}

		public void setBackend(@Nullable String backend) {
			this.backend = backend;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

	}

	/**
	 * One named Spring cache.
	 */
	public static class Cache {

		/**
		 * Name of the backend the cache's entries live on; when unset, the Spring cache
		 * default backend.
		 */
		private @Nullable String backend;

		/**
		 * Time to live of the cache's entries; when unset, the Spring cache default ttl.
		 */
		private @Nullable Duration ttl;

		/**
		 * Whether the cache stores null values, so that a method that returned null is
		 * not called again.
		 */
		private boolean allowNullValues = true;

		public @Nullable String getBackend() {
			return this.backend;
		}

		public void setBackend(@Nullable String backend) {
			this.backend = backend;
		}

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			this.ttl = ttl;
		}

		public boolean isAllowNullValues() {
			return this.allowNullValues;
		}

		public void setAllowNullValues(boolean allowNullValues) {
			this.allowNullValues = allowNullValues;
		}

	}

	/**
	 * Which configured backends a test replaces by memory backends.
	 */
	public enum TestReplace {

		/**
		 * Keep every backend as configured.
		 */
		NONE,

		/**
		 * Replace every redis and memcached backend by a memory backend of the same name,
		 * keeping its default-ttl, on-error and on-decode-error.
		 */
		ANY

	}

}
