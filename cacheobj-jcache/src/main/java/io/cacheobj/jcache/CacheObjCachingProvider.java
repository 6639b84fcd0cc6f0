package io.cacheobj.jcache;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.OptionalFeature;
import javax.cache.spi.CachingProvider;

import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import org.jspecify.annotations.Nullable;

/**
 * cacheobj's JCache (JSR-107) {@link CachingProvider}, found by
 * {@code Caching.getCachingProvider()} through {@link java.util.ServiceLoader}. Each of
 * its caches lives on a named backend of a {@link CacheObjBinding}, so the backend's near
 * cache, {@code on-error} policy, circuit breaker and meters apply to it.
 * <p>
 * <b>Which binding and backend.</b> A cache manager's binding is, in this order: the
 * {@link CacheObjBinding} under the property {@value #BINDING_PROPERTY} passed to
 * {@code getCacheManager(uri, classLoader, properties)}; else the binding
 * {@linkplain #register registered} under the name a {@code cacheobj:<binding>} or
 * {@code cacheobj:<binding>/<backend>} URI names (Spring Boot's auto-configuration
 * registers its binding as {@code default}); else, for the default URI
 * {@value #DEFAULT_URI} or a URI of another scheme, the binding registered as
 * {@code default}, or when none is, one private memory backend per provider (what a
 * plain-Java user gets with no setup). Its backend is the property
 * {@value #BACKEND_PROPERTY}, else the URI's {@code <backend>}, else the binding's
 * default backend, else its only one. memcached is refused: it cannot list keys, which
 * JCache's {@code iterator}, {@code removeAll} and {@code clear} need.
 * <p>
 * <b>Keys and values.</b> Keys are stored as readable text where possible: a
 * {@code String} key {@code k} of the cache {@code c} is the backend key
 * {@code <binding prefix>jcache:c::s:k}, an {@code Integer} or {@code Long} key its
 * decimal text after {@code i:} or {@code l:}; any other key is its JDK serialization in
 * Base64 after {@code b:}. Values (which JCache allows to be any {@code Serializable}
 * object, as Hibernate's cache entries are) use JDK serialization, read back only through
 * an allow-list of packages: {@code java.lang}, {@code java.util}, {@code java.time},
 * {@code java.math}, {@code org.hibernate.cache}, and the packages named by the property
 * or system property {@value #ALLOWED_PACKAGES_PROPERTY} (comma-separated, such as the
 * application's entity packages). Bytes naming any other class fail the read with a
 * {@link io.cacheobj.CacheValueException} before the class is loaded. Properties and
 * Spring caches never use Java serialization; only this module does.
 *
 * @since 0.1.0
 */
public final class CacheObjCachingProvider implements CachingProvider {

	/** The default URI. */
	public static final String DEFAULT_URI = "cacheobj:default";

	/** The property naming the {@link CacheObjBinding} object a manager uses. */
	public static final String BINDING_PROPERTY = "io.cacheobj.jcache.binding";

	/** The property naming the backend a manager's caches live on. */
	public static final String BACKEND_PROPERTY = "io.cacheobj.jcache.backend";

	/** The property (or system property) naming more packages values may hold. */
	public static final String ALLOWED_PACKAGES_PROPERTY = "io.cacheobj.jcache.allowed-packages";

	private static final Map<String, CacheObjBinding> BINDINGS = new ConcurrentHashMap<>();

	private final Map<ClassLoader, Map<URI, CacheObjJCacheManager>> managers = new WeakHashMap<>();

	private @Nullable CacheObjBinding memory;

	/**
	 * Register a binding under a name, for the cache managers whose URI names it (and,
	 * under {@code default}, for the default URI). A registration replaces an earlier one
	 * and affects cache managers created after it.
	 * @param name the binding's name
	 * @param binding the binding
	 */
	public static void register(String name, CacheObjBinding binding) {
		BINDINGS.put(name, binding);
	}

	/**
	 * Forget a registered binding, when it is the one registered under that name.
	 * @param name the binding's name
	 * @param binding the binding registered
	 */
	public static void unregister(String name, CacheObjBinding binding) {
		BINDINGS.remove(name, binding);
	}

	@Override
	public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader,
			@Nullable Properties properties) {
		URI managerUri = (uri != null) ? uri : getDefaultURI();
		ClassLoader loader = (classLoader != null) ? classLoader : getDefaultClassLoader();
		Properties given = (properties != null) ? properties : getDefaultProperties();
		synchronized (this.managers) {
			Map<URI, CacheObjJCacheManager> byUri = this.managers.computeIfAbsent(loader, (key) -> new HashMap<>());
			CacheObjJCacheManager manager = byUri.get(managerUri);
			if (manager == null || manager.isClosed()) {
				manager = create(managerUri, loader, given);
				byUri.put(managerUri, manager);
			}
			return manager;
		}
	}

	private CacheObjJCacheManager create(URI uri, ClassLoader loader, Properties properties) {
		String bindingName = "default";
		String backendName = null;
		if ("cacheobj".equals(uri.getScheme())) {
			String path = uri.getSchemeSpecificPart();
			int slash = path.indexOf('/');
			bindingName = (slash >= 0) ? path.substring(0, slash) : path;
			backendName = (slash >= 0 && slash < path.length() - 1) ? path.substring(slash + 1) : null;
		}
		CacheObjBinding binding;
		Object given = properties.get(BINDING_PROPERTY);
		if (given instanceof CacheObjBinding passed) {
			binding = passed;
		}
		else {
			binding = BINDINGS.get(bindingName);
			if (binding == null) {
				if (!"default".equals(bindingName)) {
					throw new CacheException("No cacheobj binding is registered as '" + bindingName + "' for " + uri
							+ "; register one with CacheObjCachingProvider.register or pass it as the property '"
							+ BINDING_PROPERTY + "'");
				}
				binding = memoryBinding();
			}
		}
		String backend = properties.getProperty(BACKEND_PROPERTY, backendName);
		if (backend == null) {
			backend = binding.defaultBackend();
		}
		if (backend == null && binding.backends().size() == 1) {
			backend = binding.backends().keySet().iterator().next();
		}
		if (backend == null || !binding.backends().containsKey(backend)) {
			throw new CacheException("No cacheobj backend " + ((backend != null) ? "'" + backend + "' " : "")
					+ "for the cache manager " + uri + "; the backends are " + binding.backends().keySet());
		}
		List<String> packages = new ArrayList<>();
		addPackages(packages, System.getProperty(ALLOWED_PACKAGES_PROPERTY));
		addPackages(packages, properties.getProperty(ALLOWED_PACKAGES_PROPERTY));
		return new CacheObjJCacheManager(this, uri, loader, properties, binding, backend,
				new JavaValues(packages, loader));
	}

	private static void addPackages(List<String> packages, @Nullable String list) {
		if (list != null) {
			packages.addAll(Arrays.asList(list.split(",")));
		}
	}

	private synchronized CacheObjBinding memoryBinding() {
		if (this.memory == null) {
			this.memory = CacheObjBinding.builder()
				.backend("memory", MemoryCacheBackend.builder("memory").build(), null)
				.build();
		}
		return this.memory;
	}

	void closed(CacheObjJCacheManager manager) {
		synchronized (this.managers) {
			Map<URI, CacheObjJCacheManager> byUri = this.managers.get(manager.getClassLoader());
			if (byUri != null) {
				byUri.remove(manager.getURI(), manager);
			}
		}
	}

	@Override
	public ClassLoader getDefaultClassLoader() {
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		return (loader != null) ? loader : CacheObjCachingProvider.class.getClassLoader();
	}

	@Override
	public URI getDefaultURI() {
		return URI.create(DEFAULT_URI);
	}

	@Override
	public Properties getDefaultProperties() {
		return new Properties();
	}

	@Override
	public CacheManager getCacheManager(@Nullable URI uri, @Nullable ClassLoader classLoader) {
		return getCacheManager(uri, classLoader, getDefaultProperties());
	}

	@Override
	public CacheManager getCacheManager() {
		return getCacheManager(getDefaultURI(), getDefaultClassLoader());
	}

	@Override
	public void close() {
		List<CacheObjJCacheManager> all = new ArrayList<>();
		synchronized (this.managers) {
			this.managers.values().forEach((byUri) -> all.addAll(byUri.values()));
			this.managers.clear();
		}
		all.forEach(CacheObjJCacheManager::close);
	}

	@Override
	public void close(@Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : getDefaultClassLoader();
		List<CacheObjJCacheManager> all = new ArrayList<>();
		synchronized (this.managers) {
			Map<URI, CacheObjJCacheManager> byUri = this.managers.remove(loader);
			if (byUri != null) {
				all.addAll(byUri.values());
			}
		}
		all.forEach(CacheObjJCacheManager::close);
	}

	@Override
	public void close(@Nullable URI uri, @Nullable ClassLoader classLoader) {
		URI managerUri = (uri != null) ? uri : getDefaultURI();
		ClassLoader loader = (classLoader != null) ? classLoader : getDefaultClassLoader();
		CacheObjJCacheManager manager;
		synchronized (this.managers) {
			Map<URI, CacheObjJCacheManager> byUri = this.managers.get(loader);
			manager = (byUri != null) ? byUri.remove(managerUri) : null;
		}
		if (manager != null) {
			manager.close();
		}
	}

	@Override
	public boolean isSupported(OptionalFeature feature) {
		return false;
	}

}
