package io.cacheobj.backend.memcached;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link MemcachedCacheBackend} stores an item: the key it is sent under, checked
 * to reach a server that is up and, with a value, to fit in an item; the expiry its time
 * to live is sent as; and a counter's value.
 */
final class MemcachedItems {

	/** Room for memcached's item header (its CAS value included) beside key and value. */
	private static final int ITEM_OVERHEAD = 64;

	/**
	 * memcached reads a longer expiry as an absolute Unix time instead of seconds from
	 * now.
	 */
	private static final long MAX_RELATIVE_EXPIRY_SECONDS = Duration.ofDays(30).toSeconds();

	/** The expiry memcached reads as "never". */
	private static final int NEVER_EXPIRES = 0;

	private final MemcachedFailures failures;

	/** Fails at once an operation spymemcached would queue on a server that is down. */
	private final MemcachedRouting routing;

	private final int maxItemSize;

	private final Clock clock;

	MemcachedItems(MemcachedFailures failures, MemcachedRouting routing, int maxItemSize, Clock clock) {
		this.failures = failures;
		this.routing = routing;
		this.maxItemSize = maxItemSize;
		this.clock = clock;
	}

	/**
	 * Return the key memcached stores a value under, after checking that the value fits
	 * in an item: memcached drops a key's previous value when it refuses a new one.
	 */
	String checkedKey(String key, StoredValue value) {
		String safeKey = MemcachedKeys.safeKey(key);
		int size = value.bytes().length + safeKey.length() + ITEM_OVERHEAD;
		if (size > this.maxItemSize) {
			throw this.failures.tooLarge(key, value.bytes().length, this.maxItemSize);
		}
		return safeKey;
	}

	/**
	 * Return the key memcached stores a value under, after checking that a server that is
	 * up holds it.
	 */
	String routedKey(String key) {
		return routed(key, MemcachedKeys.safeKey(key));
	}

	String routed(String key, String safeKey) {
		this.routing.check(key, safeKey);
		return safeKey;
	}

	int expiration(@Nullable Duration ttl) {
		if (ttl == null) {
			return NEVER_EXPIRES;
		}
		// Whole seconds, rounded up so that no item expires early, and at least one,
		// because zero would mean never.
		long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
		if (seconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
			return (int) seconds;
		}
		// The expiry is a 32-bit field: a later time is sent as the last one it holds.
		return (int) Math.min(Integer.MAX_VALUE, this.clock.instant().getEpochSecond() + seconds);
	}

	static StoredValue counter(long value) {
		return new StoredValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII), StoredValue.INTEGER_FLAGS);
	}

}
