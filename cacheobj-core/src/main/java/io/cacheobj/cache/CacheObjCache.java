package io.cacheobj.cache;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
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
 * a write that fails is logged at WARN. A stored value that does not decode, or that
 * names a type the application does not trust, is a miss, counted and logged once per
 * key, and the next value written replaces it.
 * <p>
 * {@link #get(Object, Callable)} runs the loader at most once at a time per key in this
 * JVM and stores its value only when the key is still absent, so that concurrent JVMs
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

	private final CacheBackend backend;

	private final CacheBackend nativeBackend;

	private final @Nullable NearCacheStatistics nearCache;

	private final @Nullable Duration ttl;

	private final boolean allowNullValues;

	private final CacheValues values;

	private final @Nullable Namespace namespace;

	private final ConcurrentMap<String, CompletableFuture<Object>> flights = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder decodeErrors = new LongAdder();

	private final Set<String> loggedKeys = ConcurrentHashMap.newKeySet();

	/**
	 * What the near cache's copies decoded to, by the identity of the copy's bytes, which
	 * a copy answers with for as long as it lives: a hit then returns the value decoded
	 * the first time instead of parsing its JSON again, as a cache of objects would. An
	 * entry goes with its copy (weak keys); {@code null} without a near cache.
	 */
	private final com.github.benmanes.caffeine.cache.@Nullable Cache<StoredValue, Object> decoded;

	CacheObjCache(String name, String backendName, String prefix, CacheBackend backend, CacheBackend nativeBackend,
			@Nullable NearCacheStatistics nearCache, @Nullable Duration ttl, boolean allowNullValues,
			CacheValues values, boolean versioned) {
		this.name = name;
		this.backendName = backendName;
		this.prefix = prefix;
		this.backend = backend;
		this.nativeBackend = nativeBackend;
		this.nearCache = nearCache;
		this.ttl = ttl;
		this.allowNullValues = allowNullValues;
		this.values = values;
		this.namespace = versioned ? new Namespace(backend, prefix + "#v") : null;
		this.decoded = (nearCache != null)
				? Caffeine.newBuilder().weakKeys().maximumSize(nearCache.maximumSize()).executor(Runnable::run).build()
				: null;
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
		return this.decodeErrors.sum();
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
		Object value = read(storedKey, this.backend.get(storedKey), null);
		return count(value) ? wrap(value) : null;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, @Nullable Class<T> type) {
		String storedKey = storedKey(key);
		Object value = read(storedKey, this.backend.get(storedKey), type);
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
		StoredValue stored = this.backend.get(storedKey);
		Object value = read(storedKey, stored, null);
		if (value != null) {
			this.hits.increment();
			return (T) fromStore(value);
		}
		this.misses.increment();
		return (T) singleFlight(storedKey, () -> load(key, storedKey, valueLoader));
	}

	private @Nullable Object load(Object key, String storedKey, Callable<?> valueLoader) {
		StoredValue stored = this.backend.get(storedKey);
		Object found = read(storedKey, stored, null);
		if (found != null) {
			return fromStore(found);
		}
		Object loaded;
		try {
			loaded = valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		StoredValue encoded = encode(storedKey, loaded);
		if (stored != null) {
			this.backend.set(storedKey, encoded, this.ttl);
			this.puts.increment();
			return loaded;
		}
		if (setIfAbsent(storedKey, encoded)) {
			this.puts.increment();
			return loaded;
		}
		StoredValue winner = this.backend.get(storedKey);
		Object won = read(storedKey, winner, null);
		if (won != null) {
			return fromStore(won);
		}
		if (winner != null) {
			this.backend.set(storedKey, encoded, this.ttl);
			this.puts.increment();
		}
		return loaded;
	}

	@Override
	public @Nullable CompletableFuture<?> retrieve(Object key) {
		String storedKey = storedKey(key);
		return offIoThread(this.backend.getAsync(storedKey)).thenApply((stored) -> {
			Object value = read(storedKey, stored, null);
			if (!count(value)) {
				return null;
			}
			return this.allowNullValues ? wrap(value) : fromStore(value);
		});
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
		String storedKey = storedKey(key);
		return offIoThread(this.backend.getAsync(storedKey)).thenCompose((stored) -> {
			Object value = read(storedKey, stored, null);
			if (count(value)) {
				return CompletableFuture.completedFuture((T) fromStore(value));
			}
			CompletableFuture<Object> mine = new CompletableFuture<>();
			CompletableFuture<Object> running = this.flights.putIfAbsent(storedKey, mine);
			if (running != null) {
				return (CompletableFuture<T>) offIoThread(running);
			}
			CompletableFuture<T> loading;
			try {
				loading = valueLoader.get();
			}
			catch (RuntimeException ex) {
				loading = CompletableFuture.failedFuture(ex);
			}
			loading.thenCompose((loaded) -> this.backend.setAsync(storedKey, encode(storedKey, loaded), this.ttl)
				.thenApply((written) -> {
					this.puts.increment();
					return (Object) loaded;
				})).whenComplete((loaded, ex) -> {
					this.flights.remove(storedKey, mine);
					if (ex != null) {
						mine.completeExceptionally(unwrap(ex));
					}
					else {
						mine.complete(loaded);
					}
				});
			return (CompletableFuture<T>) offIoThread(mine);
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

	@Override
	public void put(Object key, @Nullable Object value) {
		String storedKey = storedKey(key);
		this.backend.set(storedKey, encode(storedKey, value), this.ttl);
		this.puts.increment();
	}

	@Override
	public @Nullable ValueWrapper putIfAbsent(Object key, @Nullable Object value) {
		String storedKey = storedKey(key);
		StoredValue encoded = encode(storedKey, value);
		if (setIfAbsent(storedKey, encoded)) {
			this.puts.increment();
			return null;
		}
		StoredValue existing = this.backend.get(storedKey);
		Object found = read(storedKey, existing, null);
		if (found != null) {
			return wrap(found);
		}
		this.backend.set(storedKey, encoded, this.ttl);
		this.puts.increment();
		return null;
	}

	@Override
	public void evict(Object key) {
		evictIfPresent(key);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		this.evictions.increment();
		return this.backend.delete(storedKey(key));
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
		Namespace namespace = this.namespace;
		if (namespace != null) {
			namespace.next();
			return false;
		}
		return this.backend.deleteByPrefix(this.prefix) > 0;
	}

	private boolean setIfAbsent(String storedKey, StoredValue encoded) {
		try {
			return this.backend.setIfAbsent(storedKey, encoded, this.ttl);
		}
		catch (UnsupportedOperationException ex) {
			this.backend.set(storedKey, encoded, this.ttl);
			return true;
		}
	}

	private String storedKey(Object key) {
		String text = CacheKeys.text(this.name, key);
		Namespace namespace = this.namespace;
		return (namespace != null) ? this.prefix + namespace.current() + "::" + text : this.prefix + text;
	}

	private StoredValue encode(String storedKey, @Nullable Object value) {
		if (value == null && !this.allowNullValues) {
			throw new IllegalArgumentException("Cache '" + this.name
					+ "' is configured to not allow null values but null was provided (set cacheobj.spring-cache.caches."
					+ this.name + ".allow-null-values=true, or add unless = \"#result == null\")");
		}
		return this.values.encode(storedKey, value);
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
			this.decodeErrors.increment();
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

	private static @Nullable Object fromStore(Object value) {
		return (value != NullValue.INSTANCE) ? value : null;
	}

	/**
	 * Run the work that fills a key at most once at a time in this JVM: a caller that
	 * finds it under way waits for its result or its exception.
	 */
	private @Nullable Object singleFlight(String storedKey, Supplier<@Nullable Object> work) {
		CompletableFuture<Object> mine = new CompletableFuture<>();
		CompletableFuture<Object> running = this.flights.putIfAbsent(storedKey, mine);
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				Throwable cause = unwrap(ex);
				if (cause instanceof Error error) {
					throw error;
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : ex;
			}
		}
		try {
			Object value = work.get();
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.flights.remove(storedKey, mine);
		}
	}

	private static Throwable unwrap(Throwable ex) {
		return (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
	}

	@Override
	public String toString() {
		return "CacheObjCache[" + this.name + " on " + this.backendName + "]";
	}

	/**
	 * The namespace version of a cache on a backend that cannot list its keys: a counter
	 * under {@code {prefix}#v} that {@link #next} increments, read again at most every
	 * {@link CacheObjCache#NAMESPACE_REFRESH_NANOS}. It starts at the current time in
	 * milliseconds, so that a version key the backend evicted restarts above every
	 * version used before.
	 */
	private static final class Namespace {

		private static final long EPOCH_FLOOR = 1_000_000_000_000L;

		private final CacheBackend backend;

		private final String key;

		private volatile long version;

		private volatile long readAt;

		private volatile boolean read;

		Namespace(CacheBackend backend, String key) {
			this.backend = backend;
			this.key = key;
		}

		long current() {
			if (!this.read || System.nanoTime() - this.readAt > NAMESPACE_REFRESH_NANOS) {
				refresh();
			}
			return this.version;
		}

		private synchronized void refresh() {
			if (this.read && System.nanoTime() - this.readAt <= NAMESPACE_REFRESH_NANOS) {
				return;
			}
			Long stored = parse(this.backend.get(this.key));
			if (stored == null) {
				this.backend.setIfAbsent(this.key, text(System.currentTimeMillis()), null);
				stored = parse(this.backend.get(this.key));
			}
			if (stored != null) {
				this.version = stored;
			}
			this.readAt = System.nanoTime();
			this.read = true;
		}

		synchronized void next() {
			long next = this.backend.increment(this.key, 1, null);
			if (next < EPOCH_FLOOR) {
				next = System.currentTimeMillis();
				this.backend.set(this.key, text(next), null);
			}
			this.version = next;
			this.readAt = System.nanoTime();
			this.read = true;
		}

		private static @Nullable Long parse(@Nullable StoredValue value) {
			if (value == null) {
				return null;
			}
			try {
				return Long.parseLong(new String(value.bytes(), StandardCharsets.US_ASCII).trim());
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}

		private static StoredValue text(long value) {
			return new StoredValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII), StoredValue.INTEGER_FLAGS);
		}

	}

}
