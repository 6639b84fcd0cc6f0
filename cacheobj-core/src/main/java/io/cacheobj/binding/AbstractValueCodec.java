package io.cacheobj.binding;

import java.lang.reflect.Type;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * Base of the codecs: refuses items in a format cacheobj never reads and turns every
 * encoding or decoding failure into a {@link CacheValueException} naming the key and the
 * type.
 *
 * @param <T> the declared type
 */
abstract class AbstractValueCodec<T> implements ValueCodec<T> {

	private final Type type;

	private final int flags;

	private final boolean immutable;

	/**
	 * Create a codec.
	 * @param type the declared type
	 * @param flags the flags of what it encodes
	 * @param immutable whether decoded values are immutable, so that one may be handed to
	 * every reader of the same stored value
	 */
	AbstractValueCodec(Type type, int flags, boolean immutable) {
		this.type = type;
		this.flags = flags;
		this.immutable = immutable;
	}

	@Override
	public final StoredValue encode(String key, T value) {
		try {
			return new StoredValue(encode(value), this.flags);
		}
		catch (RuntimeException ex) {
			throw new CacheValueException("Value for key '" + key + "' cannot be encoded as " + this.type.getTypeName()
					+ ": " + ex.getMessage(), ex);
		}
	}

	@Override
	@SuppressWarnings("unchecked")
	public final T decode(String key, StoredValue value) {
		if (this.immutable) {
			Object decoded = value.decodedBy(this);
			if (decoded != null) {
				return (T) decoded;
			}
		}
		T decoded = decodeUncached(key, value);
		if (this.immutable) {
			value.rememberDecoded(this, decoded);
		}
		return decoded;
	}

	private T decodeUncached(String key, StoredValue value) {
		String unreadable = PythonFlags.describeUnreadable(value.flags());
		if (unreadable != null) {
			throw failure(key, value, unreadable, null);
		}
		T decoded;
		try {
			decoded = decode(value.bytes());
		}
		catch (RuntimeException ex) {
			throw failure(key, value, ex.getMessage(), ex);
		}
		if (decoded == null) {
			throw failure(key, value, "it is JSON null", null);
		}
		return decoded;
	}

	private CacheValueException failure(String key, StoredValue value, @Nullable String reason,
			@Nullable RuntimeException cause) {
		return new CacheValueException("Value of key '" + key + "' (" + value.bytes().length
				+ " bytes) cannot be read as " + this.type.getTypeName() + ": " + reason, cause);
	}

	abstract byte[] encode(T value);

	abstract @Nullable T decode(byte[] bytes);

}
