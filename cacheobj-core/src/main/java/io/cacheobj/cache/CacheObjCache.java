package io.cacheobj.cache;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjStore;
import io.cacheobj.binding.NearCacheStatistics;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.cache.support.NullValue;
import org.springframework.cache.support.SimpleValueWrapper;

/**
 * A Spring {@link Cache} on a cacheobj backend, created by {@link CacheObjCacheManager}.
 * <p>
 * An entry lives under the key {@code {key-prefix}{cache name}::{key text}} (on a backend
 * that cannot list its keys, such as memcached, {@code {key-prefix}{cache
 * name}::{namespace version}::{key text}}). It is read through the backend's near cache,
 * when it has one, and the backend's circuit breaker, timers and {@code on-error} policy
 * apply as they do to properties: with failures ignored, a read that fails is a miss and
 * a write that fails is logged at WARN. Every value is stored in a form that names its
 * type ({@code ["<class name>", <value>]}); a stored value that is not in that form
 * (another client's plain text, foreign JSON), does not decode, or names a type the
 * application does not trust, is a miss for {@link #get(Object)},
 * {@link #get(Object, Callable)} and {@link #retrieve}, counted by reason and logged once
 * per key, and the next value written replaces it; {@link #get(Object, Class)} parses
 * plain text as the type. A value this cache would not read back is never written, and a
 * {@link #put} that fails evicts the key.
 * <p>
 * {@link #get(Object, Callable)} and {@link #retrieve(Object, Supplier)} share one load:
 * the loader runs at most once at a time per key in this JVM, and its value is stored
 * only where the key is still absent ({@code setIfAbsent}), so that concurrent JVMs
 * return the same value; {@link #retrieve} does not block on Redis or memcached;
 * {@link #evictIfPresent}, {@link #invalidate} and {@link #clear} take effect before they
 * return. Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class CacheObjCache implements Cache {

	/** Keys whose undecodable value was logged, at most this many per cache. */
	private static final int MAX_LOGGED_KEYS = 10_000;

	/**
	 * How long a namespace version read from the backend is used before it is read again.
	 */
	static final long NAMESPACE_REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

	private static final Log logger = LogFactory.getLog(CacheObjCache.class);

	private final String name;

	private final String backendName;

	private final String prefix;

	private final CacheObjStore store;

	private final CacheBackend nativeBackend;

	private final @Nullable NearCacheStatistics nearCache;

	private final @Nullable Duration ttl;

	private final boolean allowNullValues;

	private final CacheValues values;

	private final @Nullable CacheNamespace namespace;

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder untrustedTypes = new LongAdder();

	private final LongAdder undecodable = new LongAdder();

	private final Set<String> loggedKeys = ConcurrentHashMap.newKeySet();

	/**
	 * What the near cache's copies decoded to, by the identity of the copy's bytes, which
	 * a copy answers with for as long as it lives: a hit then returns the value decoded
	 * the first time instead of parsing its JSON again, as a cache of objects would. An
	 * entry goes with its copy (weak keys); {@code null} without a near cache.
	 */
	private final com.github.benmanes.caffeine.cache.@Nullable Cache<StoredValue, Object> decoded;

	CacheObjCache(String name, String prefix, CacheObjStore store, CacheBackend nativeBackend, @Nullable Duration ttl,
			boolean allowNullValues, CacheValues values, boolean versioned) {
		this.name = name;
		this.backendName = store.backendName();
		this.prefix = prefix;
		this.store = store;
		this.nativeBackend = nativeBackend;
		this.nearCache = store.statistics();
		this.ttl = ttl;
		this.allowNullValues = allowNullValues;
		this.values = values;
		this.namespace = versioned ? new CacheNamespace(store, prefix + "#v") : null;
		this.decoded = (this.nearCache != null) ? Caffeine.newBuilder()
			.weakKeys()
			.maximumSize(this.nearCache.maximumSize())
			.executor(Runnable::run)
			.build() : null;
	}

	@Override
	public String getName() {
		return this.name;
	}

	/**
	 * Return the backend this cache stores its entries on, with its circuit breaker and
	 * timers but without the near cache.
	 * @return the {@link CacheBackend}
	 */
	@Override
	public CacheBackend getNativeCache() {
		return this.nativeBackend;
	}

	/**
	 * Return the name of the backend this cache stores its entries on.
	 * @return the backend's name
	 */
	public String getBackendName() {
		return this.backendName;
	}

	/**
	 * Return the time to live of the entries this cache writes.
	 * @return the time to live, or {@code null} for none
	 */
	public @Nullable Duration getTtl() {
		return this.ttl;
	}

	/**
	 * Return whether this cache stores {@code null} values.
	 * @return whether {@code null} is stored
	 */
	public boolean isAllowNullValues() {
		return this.allowNullValues;
	}

	/**
	 * Return how many reads found a value.
	 * @return the number of hits
	 */
	public long getHitCount() {
		return this.hits.sum();
	}

	/**
	 * Return how many reads found no value, or one that did not decode.
	 * @return the number of misses
	 */
	public long getMissCount() {
		return this.misses.sum();
	}

	/**
	 * Return how many values this cache wrote.
	 * @return the number of puts
	 */
	public long getPutCount() {
		return this.puts.sum();
	}

	/**
	 * Return how many entries {@link #evict} and {@link #evictIfPresent} were asked to
	 * remove.
	 * @return the number of evictions
	 */
	public long getEvictionCount() {
		return this.evictions.sum();
	}

	/**
	 * Return how many stored values did not decode or named a type that is not trusted,
	 * each read as a miss.
	 * @return the number of values that did not decode
	 */
	public long getDecodeErrorCount() {
		return this.untrustedTypes.sum() + this.undecodable.sum();
	}

	/**
	 * Return how many stored values named a type that is not trusted, each read as a
	 * miss: values of a type outside the application's packages and
	 * {@code cacheobj.spring-cache.trusted-packages}, written by another version of the
	 * application or another client.
	 * @return the number of values of an untrusted type
	 * @since 0.1.0
	 */
	public long getUntrustedTypeCount() {
		return this.untrustedTypes.sum();
	}

	/**
	 * Return how many stored values were no value of this cache (plain text or foreign
	 * JSON another client wrote, truncated or JDK-serialized bytes) or did not decode,
	 * each read as a miss.
	 * @return the number of undecodable values
	 * @since 0.1.0
	 */
	public long getUndecodableCount() {
		return this.undecodable.sum();
	}

	/**
	 * Return a view of the near cache of this cache's backend, which it shares with every
	 * other cache and property on that backend.
	 * @return the near cache's statistics, or {@code null} when the backend has none
	 */
	public @Nullable NearCacheStatistics getNearCache() {
		return this.nearCache;
	}

	@Override
	public @Nullable ValueWrapper get(Object key) {
		String storedKey = storedKey(key);
		Object value = read(storedKey, this.store.get(storedKey), null);
		return count(value) ? wrap(value) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		String storedKey = storedKey(key);
		Object value = read(storedKey, this.store.get(storedKey), type);
		if (!count(value)) {
			return null;
		}
		Object unwrapped = fromStore(value);
		if (unwrapped != null && type != null && !type.isInstance(unwrapped)) {
			throw new IllegalStateException(
					"Cached value is not of required type [" + type.getName() + "]: " + unwrapped);
		}
		return (T) unwrapped;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		String storedKey = storedKey(key);
		Object value = read(storedKey, this.store.get(storedKey), null);
		if (value != null) {
			this.hits.increment();
			return (T) fromStore(value);
		}
		this.misses.increment();
		return (T) fromStore(load(storedKey, () -> {
			try {
				return valueLoader.call();
			}
			catch (Exception ex) {
				throw new ValueRetrievalException(key, valueLoader, ex);
			}
		}));
	}

	/**
	 * Load a key through the store's one load-through: read it again, since a load that
	 * ended since the caller's read may have filled it, else run the loader and store its
	 * value only where the key is absent, or still holds the bytes that do not decode
	 * that were read, so that JVMs loading one key at once agree on one value; when
	 * another writer won, its value is returned. Never a plain write: a backend without
	 * these operations fails.
	 * @return the value as stored ({@link NullValue#INSTANCE} for a {@code null})
	 */
	private Object load(String storedKey, Supplier<?> valueLoader) {
		Object[] loaded = new Object[1];
		Object value = this.store.computeIfAbsent(storedKey, (stored) -> read(storedKey, stored, null), () -> {
			loaded[0] = toStore(valueLoader.get());
			return loaded[0];
		}, (loadedValue) -> encodeOrEvict(storedKey, fromStore(loadedValue)), this.ttl);
		return counted(value, loaded[0]);
	}

	/**
	 * Count a put when the value a load returned is the one its loader computed: it was
	 * written, unless three values found in turn did not decode.
	 */
	private Object counted(@Nullable Object value, @Nullable Object loaded) {
		if (value != null && value == loaded) {
			this.puts.increment();
		}
		return (value != null) ? value : NullValue.INSTANCE;
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		String storedKey = storedKey(key);
		return offIoThread(this.store.retrieve(storedKey)).thenApply((stored) -> {
			Object value = read(storedKey, stored, null);
			if (!count(value)) {
				return null;
			}
			return this.allowNullValues ? wrap(value) : fromStore(value);
		});
	}

	/**
	 * Return the value of a key, or load it without blocking: the loader runs at most
	 * once at a time per key in this JVM, and its value is stored as
	 * {@link #get(Object, Callable)} stores it, only where the key is still absent, so
	 * that JVMs loading at once, through either method, return one value.
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		String storedKey = storedKey(key);
		return offIoThread(this.store.retrieve(storedKey)).thenCompose((stored) -> {
			Object value = read(storedKey, stored, null);
			if (count(value)) {
				return CompletableFuture.completedFuture((T) fromStore(value));
			}
			Object[] loaded = new Object[1];
			return this.store
				.computeIfAbsentAsync(storedKey, (found) -> read(storedKey, found, null),
						() -> valueLoader.get().thenApply((result) -> loaded[0] = toStore(result)),
						(loadedValue) -> encodeOrEvict(storedKey, fromStore(loadedValue)), this.ttl)
				.thenApply((result) -> (T) fromStore(counted(result, loaded[0])));
		});
	}

	/**
	 * Return a future that completes, when it completes later, on the common pool rather
	 * than on the client's I/O thread that answered: Spring's cache aspect stores a
	 * method's result with a blocking {@code put} in a callback of the future
	 * {@code retrieve} returned, and a blocking call on the I/O thread that must read its
	 * own answer waits until it times out. A future already done (a near-cache hit) is
	 * returned as it is.
	 */
	private static <T> CompletableFuture<T> offIoThread(CompletableFuture<T> future) {
		return future.isDone() ? future : future.thenApplyAsync(Function.identity(), ForkJoinPool.commonPool());
	}

	/**
	 * Store a value. A value of a type this cache would not read back (see
	 * {@link CacheObjCacheManager.Builder#trustedPackages}) is refused; a value that
	 * cannot be stored evicts the key, so that no JVM reads the value it was meant to
	 * replace.
	 * @param key the key
	 * @param value the value
	 * @throws CacheValueException when the value's type, or a nested value's, is not
	 * trusted, or the value cannot be encoded or stored (too large for memcached); the
	 * key is evicted first
	 */
	@Override
	public void put(Object key, @Nullable Object value) {
		String storedKey = storedKey(key);
		StoredValue encoded = encodeOrEvict(storedKey, value);
		try {
			this.store.put(storedKey, encoded, this.ttl);
		}
		catch (CacheValueException ex) {
			evictAfterFailure(storedKey, ex);
			throw ex;
		}
		this.puts.increment();
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		String storedKey = storedKey(key);
		Object winner = this.store.putIfAbsentOrGet(storedKey, encodeOrEvict(storedKey, value),
				(stored) -> read(storedKey, stored, null), this.ttl);
		if (winner == null) {
			this.puts.increment();
		}
		return (winner != null) ? wrap(winner) : null;
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		this.evictions.increment();
		return this.store.evict(storedKey(key));
	}

	@Override
	public void clear() {
		invalidate();
	}

	/**
	 * Remove every entry of this cache, and no other cache's, before returning: on Redis
	 * by {@code SCAN} of every node and {@code UNLINK}, never {@code KEYS}; on a backend
	 * that cannot list its keys by a new namespace version, which other JVMs use within a
	 * second.
	 * @return whether entries were removed; {@code false} with a namespace version, whose
	 * old entries are left to expire
	 */
	@Override
	public boolean invalidate() {
		CacheNamespace namespace = this.namespace;
		if (namespace != null) {
			namespace.next();
			return false;
		}
		return this.store.clean(this.prefix) > 0;
	}

	private String storedKey(Object key) {
		String text = CacheKeys.text(this.name, key);
		CacheNamespace namespace = this.namespace;
		return (namespace != null) ? this.prefix + namespace.current() + "::" + text : this.prefix + text;
	}

	private StoredValue encodeOrEvict(String storedKey, @Nullable Object value) {
		if (value == null && !this.allowNullValues) {
			throw new IllegalArgumentException("Cache '" + this.name
					+ "' is configured to not allow null values but null was provided (set cacheobj.spring-cache.caches."
					+ this.name + ".allow-null-values=true, or add unless = \"#result == null\")");
		}
		try {
			return this.values.encode(this.name, storedKey, value);
		}
		catch (CacheValueException ex) {
			evictAfterFailure(storedKey, ex);
			throw ex;
		}
	}

	private void evictAfterFailure(String storedKey, CacheValueException failure) {
		try {
			this.store.evict(storedKey);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	/**
	 * Decode what was read: the value, {@link NullValue#INSTANCE} for a stored
	 * {@code null}, or {@code null} when nothing is stored or what is stored does not
	 * decode (or is a {@code null} this cache does not allow).
	 */
	private @Nullable Object read(String storedKey, @Nullable StoredValue stored, @Nullable Class<?> type) {
		if (stored == null) {
			return null;
		}
		try {
			Object value = decode(storedKey, stored, type);
			if (value == null || (value == NullValue.INSTANCE && !this.allowNullValues)) {
				return null;
			}
			return value;
		}
		catch (CacheValueException ex) {
			boolean untrusted = ex instanceof CacheValues.UnreadableValueException unreadable
					&& unreadable.reason() == CacheValues.Reason.UNTRUSTED_TYPE;
			(untrusted ? this.untrustedTypes : this.undecodable).increment();
			if (logger.isWarnEnabled() && this.loggedKeys.size() < MAX_LOGGED_KEYS && this.loggedKeys.add(storedKey)) {
				logger.warn(ex.getMessage() + "; cache '" + this.name + "' reads it as a miss and the next value "
						+ "written replaces it" + ((this.loggedKeys.size() == MAX_LOGGED_KEYS)
								? "; no further keys of this cache are logged" : ""));
			}
			return null;
		}
	}

	private @Nullable Object decode(String storedKey, StoredValue stored, @Nullable Class<?> type) {
		com.github.benmanes.caffeine.cache.Cache<StoredValue, Object> decoded = this.decoded;
		if (decoded == null || type != null) {
			return this.values.decode(storedKey, stored, type);
		}
		Object value = decoded.getIfPresent(stored);
		if (value == null) {
			value = this.values.decode(storedKey, stored, null);
			if (value != null) {
				decoded.put(stored, value);
			}
		}
		return value;
	}

	private boolean count(@Nullable Object value) {
		if (value != null) {
			this.hits.increment();
			return true;
		}
		this.misses.increment();
		return false;
	}

	private static ValueWrapper wrap(Object value) {
		return new SimpleValueWrapper(fromStore(value));
	}

	private static Object toStore(@Nullable Object value) {
		return (value != null) ? value : NullValue.INSTANCE;
	}

	private static @Nullable Object fromStore(Object value) {
		return (value != NullValue.INSTANCE) ? value : null;
	}

	@Override
	public String toString() {
		return "CacheObjCache[" + this.name + " on " + this.backendName + "]";
	}

}
