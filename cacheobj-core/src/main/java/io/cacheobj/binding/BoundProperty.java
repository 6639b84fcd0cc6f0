package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A property bound to its key: the object behind a {@code CachedValue} or
 * {@code CachedCounter} field.
 */
abstract sealed class BoundProperty permits BoundValue, BoundCounter {

	final String key;

	final PropertyMetadata metadata;

	BoundProperty(String key, PropertyMetadata metadata) {
		this.key = key;
		this.metadata = metadata;
	}

	/**
	 * Return the key the property is stored under.
	 * @return the key
	 */
	public String key() {
		return this.key;
	}

	/**
	 * Return what the property's declaration says: its backend, codec and time to live.
	 * @return the metadata
	 */
	PropertyMetadata metadata() {
		return this.metadata;
	}

	/**
	 * Take what a bulk read found for this property.
	 * @param value the stored value, or {@code null} when absent
	 */
	abstract void loaded(@Nullable StoredValue value);

}
