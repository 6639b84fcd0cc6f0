package io.cacheobj.backend.memcached;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.CollectionUtils;

/**
 * The keys of a bulk read as memcached gets them: the keys themselves, unless some must
 * be sent {@linkplain MemcachedKeys#safeKey under another name}.
 */
final class MemcachedBulkKeys {

	private final String first;

	private final Collection<String> sent;

	/**
	 * The keys sent under another name, by that name; {@code null} when none were.
	 */
	private final @Nullable Map<String, String> renamed;

	MemcachedBulkKeys(Collection<String> keys) {
		this.first = keys.iterator().next();
		String[] safeKeys = new String[keys.size()];
		Map<String, String> renamed = null;
		int i = 0;
		for (String key : keys) {
			String safeKey = MemcachedKeys.safeKey(key);
			if (!safeKey.equals(key)) {
				renamed = (renamed != null) ? renamed : new HashMap<>();
				renamed.put(safeKey, key);
			}
			safeKeys[i++] = safeKey;
		}
		this.renamed = renamed;
		this.sent = (renamed != null) ? Arrays.asList(safeKeys) : keys;
	}

	/**
	 * Return the first key, which names the read in messages.
	 */
	String first() {
		return this.first;
	}

	/**
	 * Return the keys as sent to memcached.
	 */
	Collection<String> sent() {
		return this.sent;
	}

	@SuppressWarnings("unchecked")
	Map<String, StoredValue> found(Map<String, Object> found) {
		Map<String, String> renamed = this.renamed;
		if (renamed == null) {
			return (Map<String, StoredValue>) (Map<String, ?>) found;
		}
		Map<String, StoredValue> values = CollectionUtils.newHashMap(found.size());
		found.forEach((safeKey, value) -> values.put(renamed.getOrDefault(safeKey, safeKey), (StoredValue) value));
		return values;
	}

	/**
	 * Return the values found at the positions of the keys they were sent for.
	 */
	List<@Nullable StoredValue> inOrder(Map<String, Object> found) {
		@Nullable StoredValue[] values = new StoredValue[this.sent.size()];
		if (!found.isEmpty()) {
			int i = 0;
			for (String safeKey : this.sent) {
				values[i++] = (StoredValue) found.get(safeKey);
			}
		}
		return Arrays.asList(values);
	}

}
