package io.cacheobj.backend.memory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;

/**
 * A {@link CacheBackend} that keeps values in this JVM, in a size-bounded Caffeine cache
 * with a time to live per entry.
 * <p>
 * Values are held as the bytes the codec produced, so a memory backend reads and writes
 * exactly what a remote one would, and a value can never be changed through an object
 * that was read.
 * <p>
 * Expiry is checked by this class, not by a Caffeine expiry policy: a variable expiry
 * policy reads the clock on every access, which costs several times a read itself. An
 * entry without a time to live is read without looking at the clock; an expired entry is
 * never returned, and is removed when it is read or evicted by size, least used first.
 *
 * @since 0.1.0
 */
public final class MemoryCacheBackend implements CacheBackend {

	private final String name;

	private final Cache<String, Entry> cache;

	private final Ticker ticker;

	private MemoryCacheBackend(String name, long maximumSize, Ticker ticker) {
		this.name = name;
		this.ticker = ticker;
		this.cache = Caffeine.newBuilder().maximumSize(maximumSize).build();
	}

	/**
	 * Start building a memory backend.
	 * @param name the backend's name, used in messages
	 * @return a builder with a maximum size of 100,000 entries and the system ticker
	 */
	public static Builder builder(String name) {
		Assert.hasText(name, "'name' must not be empty");
		return new Builder(name);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		Entry entry = this.cache.getIfPresent(key);
		if (entry == null) {
			return null;
		}
		if (entry.expires && isExpired(entry)) {
			this.cache.asMap().remove(key, entry);
			return null;
		}
		return entry.value;
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		Map<String, Entry> entries = this.cache.getAllPresent(keys);
		Map<String, StoredValue> values = CollectionUtils.newHashMap(entries.size());
		entries.forEach((key, entry) -> {
			if (!entry.expires || !isExpired(entry)) {
				values.put(key, entry.value);
			}
		});
		return values;
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		Map<String, Entry> entries = this.cache.getAllPresent(keys);
		@Nullable StoredValue[] values = new StoredValue[keys.size()];
		if (!entries.isEmpty()) {
			for (int i = 0; i < values.length; i++) {
				Entry entry = entries.get(keys.get(i));
				if (entry != null && (!entry.expires || !isExpired(entry))) {
					values[i] = entry.value;
				}
			}
		}
		return Arrays.asList(values);
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		return BackendFailures.now(() -> getAllInOrder(keys));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		this.cache.put(key, entry(value, ttl));
	}

	@Override
	public boolean delete(String key) {
		Entry removed = this.cache.asMap().remove(key);
		return removed != null && !(removed.expires && isExpired(removed));
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		long deleted = 0;
		for (String key : keys) {
			if (delete(key)) {
				deleted++;
			}
		}
		return deleted;
	}

	@Override
	public long deleteByPrefix(String prefix) {
		Assert.notNull(prefix, "'prefix' must not be null");
		long deleted = 0;
		for (String key : this.cache.asMap().keySet()) {
			if (key.startsWith(prefix) && delete(key)) {
				deleted++;
			}
		}
		return deleted;
	}

	@Override
	public List<String> keysByPrefix(String prefix) {
		Assert.notNull(prefix, "'prefix' must not be null");
		List<String> keys = new ArrayList<>();
		this.cache.asMap().forEach((key, entry) -> {
			if (key.startsWith(prefix) && !(entry.expires && isExpired(entry))) {
				keys.add(key);
			}
		});
		return keys;
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		Entry updated = this.cache.asMap().compute(key, (k, current) -> {
			if (current == null || (current.expires && isExpired(current))) {
				return entry(encode(delta, 0), ttl);
			}
			long value = Math.addExact(decode(k, current.value), delta);
			return new Entry(encode(value, current.value.flags()), current.expires, current.expiresAt);
		});
		return decode(key, updated.value);
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		boolean[] written = { false };
		this.cache.asMap().compute(key, (k, current) -> {
			if (live(current) != null) {
				return current;
			}
			written[0] = true;
			return entry(value, ttl);
		});
		return written[0];
	}

	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		boolean[] replaced = { false };
		this.cache.asMap().compute(key, (k, current) -> {
			StoredValue stored = live(current);
			boolean matches = (expected != null) ? stored != null && Arrays.equals(stored.bytes(), expected.bytes())
					: stored == null;
			if (!matches) {
				return (stored != null) ? current : null;
			}
			replaced[0] = true;
			return (update != null) ? entry(update, ttl) : null;
		});
		return replaced[0];
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		Object[] previous = { null };
		this.cache.asMap().compute(key, (k, current) -> {
			previous[0] = live(current);
			return (value != null) ? entry(value, ttl) : null;
		});
		return (StoredValue) previous[0];
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		Entry touched = this.cache.asMap()
			.computeIfPresent(key, (k, current) -> (live(current) != null) ? entry(current.value, ttl) : null);
		return touched != null;
	}

	private @Nullable StoredValue live(@Nullable Entry entry) {
		return (entry != null && !(entry.expires && isExpired(entry))) ? entry.value : null;
	}

	private Entry entry(StoredValue value, @Nullable Duration ttl) {
		if (ttl == null) {
			return new Entry(value, false, 0);
		}
		long nanos = ttl.toNanos();
		return new Entry(value, true, this.ticker.read() + nanos);
	}

	private boolean isExpired(Entry entry) {
		return this.ticker.read() - entry.expiresAt >= 0;
	}

	private long decode(String key, StoredValue value) {
		try {
			return Long.parseLong(new String(value.bytes(), StandardCharsets.US_ASCII));
		}
		catch (NumberFormatException ex) {
			throw BackendFailures.notAnInteger("memory backend '" + this.name + "'", key, ex);
		}
	}

	private static StoredValue encode(long value, int flags) {
		return new StoredValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII), flags);
	}

	@Override
	public String toString() {
		return "MemoryCacheBackend[" + this.name + "]";
	}

	/**
	 * A stored value and, when it has a time to live, the ticker time it expires at.
	 */
	private record Entry(StoredValue value, boolean expires, long expiresAt) {

	}

	/**
	 * Builds a {@link MemoryCacheBackend}.
	 */
	public static final class Builder {

		private final String name;

		private long maximumSize = 100_000;

		private Ticker ticker = Ticker.systemTicker();

		private Builder(String name) {
			this.name = name;
		}

		/**
		 * Set how many entries the backend keeps before it evicts the least useful.
		 * @param maximumSize the maximum number of entries, zero or more
		 * @return this builder
		 */
		public Builder maximumSize(long maximumSize) {
			Assert.isTrue(maximumSize >= 0, () -> "'maximumSize' must be zero or more, was " + maximumSize);
			this.maximumSize = maximumSize;
			return this;
		}

		/**
		 * Set the time source of expiry, so that tests can advance it.
		 * @param ticker the ticker
		 * @return this builder
		 */
		public Builder ticker(Ticker ticker) {
			Assert.notNull(ticker, "'ticker' must not be null");
			this.ticker = ticker;
			return this;
		}

		/**
		 * Build the backend.
		 * @return a new, empty backend
		 */
		public MemoryCacheBackend build() {
			return new MemoryCacheBackend(this.name, this.maximumSize, this.ticker);
		}

	}

}
