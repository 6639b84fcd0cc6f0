package io.cacheobj.binding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheObjException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.near.NearCache;
import io.cacheobj.codec.ValueCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A backend as properties use it: every call a property or the repository makes goes
 * through here, which reads the near cache first when the backend has one and applies the
 * backend's failure policy and its decode policy once.
 * <p>
 * The policy is not a {@link io.cacheobj.backend.CacheBackendDecorator}: a property must
 * know that its write failed, even when the failure is ignored, to forget what it
 * remembered, so an ignored failure is a distinct answer here ({@link #FAILED},
 * {@code false}), not a silent success.
 */
final class BackendRef {

	/** What {@link #get} returns when the backend failed and its failures are ignored. */
	static final StoredValue FAILED = StoredValue.of(new byte[0]);

	/** Keys whose undecodable value was logged, at most this many per backend. */
	private static final int MAX_LOGGED_KEYS = 10_000;

	private static final Log logger = LogFactory.getLog(BackendRef.class);

	private final String name;

	private final CacheBackend backend;

	private final @Nullable Duration defaultTtl;

	private final boolean ignoreFailures;

	private final @Nullable NearCache nearCache;

	private final boolean missOnDecodeError;

	private final LongAdder decodeErrors;

	private final Set<String> loggedKeys;

	/**
	 * Create a reference.
	 * @param name the bean name of the backend
	 * @param backend the backend, with its decorators
	 * @param defaultTtl the time to live of properties that set none, or {@code null}
	 * @param ignoreFailures whether a {@link CacheBackendException} acts as a miss on
	 * reads and is logged on writes instead of being thrown
	 * @param nearCache the backend's near cache, or {@code null}
	 * @param missOnDecodeError whether a value that does not decode reads as absent
	 * instead of raising a {@link CacheValueException}
	 */
	BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures,
			@Nullable NearCache nearCache, boolean missOnDecodeError) {
		this(name, backend, defaultTtl, ignoreFailures, nearCache, missOnDecodeError, new LongAdder(),
				ConcurrentHashMap.newKeySet());
	}

	private BackendRef(String name, CacheBackend backend, @Nullable Duration defaultTtl, boolean ignoreFailures,
			@Nullable NearCache nearCache, boolean missOnDecodeError, LongAdder decodeErrors, Set<String> loggedKeys) {
		this.name = name;
		this.backend = backend;
		this.defaultTtl = defaultTtl;
		this.ignoreFailures = ignoreFailures;
		this.nearCache = nearCache;
		this.missOnDecodeError = missOnDecodeError;
		this.decodeErrors = decodeErrors;
		this.loggedKeys = loggedKeys;
	}

	BackendRef withIgnoreFailures() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, true, this.nearCache, this.missOnDecodeError);
	}

	BackendRef withNearCache(NearCache nearCache) {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.ignoreFailures, nearCache,
				this.missOnDecodeError);
	}

	BackendRef withMissOnDecodeError() {
		return new BackendRef(this.name, this.backend, this.defaultTtl, this.ignoreFailures, this.nearCache, true);
	}

	String name() {
		return this.name;
	}

	CacheBackend backend() {
		return this.backend;
	}

	@Nullable Duration defaultTtl() {
		return this.defaultTtl;
	}

	boolean ignoreFailures() {
		return this.ignoreFailures;
	}

	@Nullable NearCache nearCache() {
		return this.nearCache;
	}

	boolean missOnDecodeError() {
		return this.missOnDecodeError;
	}

	/**
	 * Return how many values read from this backend did not decode.
	 * @return the number of decode errors, whether thrown or read as absent
	 */
	long decodeErrors() {
		return this.decodeErrors.sum();
	}

	/**
	 * Decode a value read from this backend, applying its decode policy: a value that
	 * does not decode raises {@link CacheValueException}, or with
	 * {@code on-decode-error: miss} reads as absent, logged once per key at WARN. Either
	 * way it is counted, and the stored value is left as it is: another version of the
	 * application may read it.
	 * @param key the key it was read from
	 * @param stored the value, or {@code null} when absent
	 * @param codec the property's codec
	 * @return the decoded value, or {@code null} when absent or undecodable and missed
	 */
	@Nullable Object decode(String key, @Nullable StoredValue stored, ValueCodec<Object> codec) {
		if (stored == null) {
			return null;
		}
		try {
			return codec.decode(key, stored);
		}
		catch (CacheValueException ex) {
			this.decodeErrors.increment();
			if (!this.missOnDecodeError) {
				throw ex;
			}
			if (logger.isWarnEnabled() && this.loggedKeys.size() < MAX_LOGGED_KEYS && this.loggedKeys.add(key)) {
				logger.warn(ex.getMessage() + "; it reads as absent on backend '" + this.name
						+ "' (on-decode-error=miss) and stays stored" + ((this.loggedKeys.size() == MAX_LOGGED_KEYS)
								? "; no further keys of this backend are logged" : ""));
			}
			return null;
		}
	}

	/**
	 * Read one value, from the near cache when {@code local} and it has it.
	 * @param key the key
	 * @param local whether the near cache may serve it (never for counters)
	 * @return the value, {@code null} when absent, or {@link #FAILED}
	 */
	@Nullable StoredValue get(String key, boolean local) {
		NearCache near = local ? this.nearCache : null;
		if (near == null) {
			return fetch(key);
		}
		Object cached = near.lookup(key);
		if (cached != null) {
			return NearCache.isAbsent(cached) ? null : (StoredValue) cached;
		}
		Object reservation = near.reserve(key);
		StoredValue value = fetch(key);
		if (reservation != null) {
			if (value == FAILED) {
				near.release(key, reservation);
			}
			else {
				near.complete(key, reservation, value);
			}
		}
		return value;
	}

	private @Nullable StoredValue fetch(String key) {
		try {
			return this.backend.get(key);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, false);
			return FAILED;
		}
	}

	/**
	 * Read many values in one round trip; the near cache serves what it has and the
	 * backend is asked for the rest only.
	 * @param keys the keys, not empty
	 * @param counters the positions in {@code keys} of counters, which the near cache
	 * never serves nor keeps, or {@code null} when there are none
	 * @return the values found; none when the backend failed and failures are ignored
	 */
	Map<String, StoredValue> getAll(List<String> keys, @Nullable BitSet counters) {
		NearCache near = this.nearCache;
		if (near == null) {
			return fetchAll(keys);
		}
		Map<String, StoredValue> found = new HashMap<>((int) (keys.size() / 0.75f) + 1);
		List<String> missing = new ArrayList<>();
		List<@Nullable Object> reservations = new ArrayList<>();
		for (int i = 0; i < keys.size(); i++) {
			String key = keys.get(i);
			boolean local = counters == null || !counters.get(i);
			Object cached = local ? near.lookup(key) : null;
			if (cached == null) {
				missing.add(key);
				reservations.add(local ? near.reserve(key) : null);
			}
			else if (!NearCache.isAbsent(cached)) {
				found.put(key, (StoredValue) cached);
			}
		}
		if (missing.isEmpty()) {
			return found;
		}
		Map<String, StoredValue> fetched;
		try {
			fetched = this.backend.getAll(missing);
		}
		catch (RuntimeException ex) {
			for (int i = 0; i < missing.size(); i++) {
				Object reservation = reservations.get(i);
				if (reservation != null) {
					near.release(missing.get(i), reservation);
				}
			}
			rethrowUnlessIgnored(missing.get(0), ex, false);
			return found;
		}
		for (int i = 0; i < missing.size(); i++) {
			Object reservation = reservations.get(i);
			if (reservation != null) {
				near.complete(missing.get(i), reservation, fetched.get(missing.get(i)));
			}
		}
		found.putAll(fetched);
		return found;
	}

	private Map<String, StoredValue> fetchAll(List<String> keys) {
		try {
			return this.backend.getAll(keys);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(keys.get(0), ex, false);
			return Map.of();
		}
	}

	/**
	 * Write one value.
	 * @param key the key
	 * @param value the value
	 * @param ttl its time to live, or {@code null}
	 * @return whether it was written; {@code false} when the backend failed and failures
	 * are ignored
	 */
	boolean set(String key, StoredValue value, @Nullable Duration ttl) {
		try {
			this.backend.set(key, value, ttl);
			return true;
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return false;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Delete one value.
	 * @param key the key
	 * @return whether a value was deleted, or {@code null} when the backend failed and
	 * failures are ignored
	 */
	@Nullable Boolean delete(String key) {
		try {
			return this.backend.delete(key);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return null;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Delete many values.
	 * @param keys the keys, not empty
	 */
	void deleteAll(Collection<String> keys) {
		try {
			this.backend.deleteAll(keys);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(keys.iterator().next(), ex, true);
		}
		finally {
			keys.forEach(this::evictLocal);
		}
	}

	/**
	 * Add to a counter.
	 * @param key the key
	 * @param delta the amount to add
	 * @param ttl the time to live of a counter this call creates, or {@code null}
	 * @return the new value; {@code 0} when the backend failed and failures are ignored
	 */
	long increment(String key, long delta, @Nullable Duration ttl) {
		try {
			return this.backend.increment(key, delta, ttl);
		}
		catch (RuntimeException ex) {
			rethrowUnlessIgnored(key, ex, true);
			return 0;
		}
		finally {
			evictLocal(key);
		}
	}

	/**
	 * Drop a key's local copy after this JVM changed it (or may have: a failed write), so
	 * that this JVM reads its own writes before the server's invalidation arrives.
	 */
	private void evictLocal(String key) {
		NearCache near = this.nearCache;
		if (near != null) {
			near.evict(key);
		}
	}

	/**
	 * Throw what a failure of this backend becomes, unless this backend ignores it.
	 * @param key the key of the operation
	 * @param ex what the backend threw
	 * @param write whether the operation writes, so that an ignored failure is logged
	 */
	private void rethrowUnlessIgnored(String key, RuntimeException ex, boolean write) {
		RuntimeException failure = (ex instanceof CacheObjException) ? ex
				: BackendFailures.failed("Backend '" + this.name + "'", key, String.valueOf(ex), ex);
		if (!this.ignoreFailures || !(failure instanceof CacheBackendException)) {
			throw failure;
		}
		if (write && logger.isWarnEnabled()) {
			logger.warn("Write to key '" + key + "' on backend '" + this.name + "' failed and is ignored (on-error="
					+ "ignore): " + failure.getMessage());
		}
	}

	@Override
	public String toString() {
		return "BackendRef[" + this.name + "]";
	}

}
