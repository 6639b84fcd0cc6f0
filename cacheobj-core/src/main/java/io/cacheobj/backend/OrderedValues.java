package io.cacheobj.backend;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;

/**
 * SPI between backends and the binding; applications have no use for it.
 * <p>
 * The answer of a bulk read in the order of the keys it was asked for, as a backend that
 * reads values by position (Redis {@code MGET}) has it: a {@link CacheBackend#getAll} may
 * return one, and a caller that asked with the same list of keys takes the values by
 * position instead of looking each key up. As a {@code Map} it holds the keys found,
 * built on first use.
 *
 * @since 0.1.0
 */
public final class OrderedValues extends AbstractMap<String, StoredValue> {

	private final List<String> keys;

	private final @Nullable StoredValue[] values;

	private @Nullable Map<String, StoredValue> map;

	private OrderedValues(List<String> keys, @Nullable StoredValue[] values) {
		this.keys = keys;
		this.values = values;
	}

	/**
	 * Create the answer of a bulk read.
	 * @param keys the keys asked for
	 * @param values the value of each key, at its position, {@code null} where it has
	 * none
	 * @return the answer
	 */
	public static OrderedValues of(List<String> keys, @Nullable StoredValue[] values) {
		Assert.isTrue(keys.size() == values.length, "'keys' and 'values' must be as many");
		return new OrderedValues(keys, values);
	}

	/**
	 * Return the values by position, if these are the values of exactly these keys.
	 * @param keys the keys the caller asked for, the same list
	 * @return the values at the positions of the keys, or {@code null} when this answer
	 * is of another list of keys
	 */
	public @Nullable StoredValue @Nullable [] valuesOf(List<String> keys) {
		return (keys == this.keys) ? this.values : null;
	}

	@Override
	public int size() {
		return map().size();
	}

	@Override
	public @Nullable StoredValue get(Object key) {
		return map().get(key);
	}

	@Override
	public boolean containsKey(Object key) {
		return map().containsKey(key);
	}

	@Override
	public Set<Entry<String, StoredValue>> entrySet() {
		return map().entrySet();
	}

	private Map<String, StoredValue> map() {
		Map<String, StoredValue> map = this.map;
		if (map == null) {
			map = CollectionUtils.newHashMap(this.values.length);
			for (int i = 0; i < this.values.length; i++) {
				StoredValue value = this.values[i];
				if (value != null) {
					map.put(this.keys.get(i), value);
				}
			}
			map = Collections.unmodifiableMap(map);
			this.map = map;
		}
		return map;
	}

}
