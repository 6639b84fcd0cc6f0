package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * A property bound to its key: the object behind a {@code CachedValue} or
 * {@code CachedCounter} field.
 */
sealed interface BoundProperty permits BoundValue, BoundCounter {

	String key();

	PropertyMetadata metadata();

	/**
	 * Take what a bulk read found for this property.
	 * @param value the stored value, or {@code null} when absent
	 */
	void loaded(@Nullable StoredValue value);

}
