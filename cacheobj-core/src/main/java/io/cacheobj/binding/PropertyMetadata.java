package io.cacheobj.binding;

import java.lang.reflect.Field;
import java.lang.reflect.Type;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * One {@code @CachedProperty} field, resolved once: where it lives and how its values are
 * encoded.
 *
 * @param field the field
 * @param keySuffix what follows the owner's key base: {@code .username} on an entity,
 * {@code username} on a bean
 * @param counter whether it is a {@code CachedCounter}
 * @param store the store of its backend
 * @param ttl the time to live of its writes, or {@code null} for none
 * @param valueType the declared type of its values, {@code Long} for a counter
 * @param codec the codec of its values
 */
record PropertyMetadata(Field field, String keySuffix, boolean counter, BackendStore store, @Nullable Duration ttl,
		Type valueType, ValueCodec<Object> codec) {

	String name() {
		return this.field.getName();
	}

	BoundProperty bind(String key) {
		return this.counter ? new BoundCounter(key, this) : new BoundValue<>(key, this);
	}

}
