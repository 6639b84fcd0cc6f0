package io.cacheobj.backend;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The bytes of one cache entry and the client flags stored beside them.
 * <p>
 * Flags follow memcached's convention, which python-memcached uses to tell text, integers
 * and pickles apart. Backends that cannot store flags (Redis) ignore them on write and
 * report {@code 0} on read; decoding never depends on them except to refuse a format
 * cacheobj never reads. The array is not copied: neither side may change it once passed.
 * <p>
 * Instances are immutable but for one cache, as {@code String} caches its hash: a codec
 * of an immutable type may keep what it decoded with {@link #rememberDecoded}, so that a
 * backend or near cache that hands out the same instance again is not decoded twice.
 *
 * @since 0.1.0
 */
public final class StoredValue {

	/**
	 * The memcached flags of an integer, as python-memcached writes them and the codecs
	 * of integral types encode them. A backend that creates a counter by itself stores
	 * them too, so that Python reads the counter as an {@code int}.
	 * @since 0.1.0
	 */
	public static final int INTEGER_FLAGS = 2;

	private final byte[] bytes;

	private final int flags;

	/** What a decoder made of the bytes, published through the holder's final fields. */
	private @Nullable Decoded decoded;

	/**
	 * Create a value.
	 * @param bytes the encoded value
	 * @param flags the client flags, {@code 0} when none
	 */
	public StoredValue(byte[] bytes, int flags) {
		Assert.notNull(bytes, "'bytes' must not be null");
		this.bytes = bytes;
		this.flags = flags;
	}

	/**
	 * Create a value without flags.
	 * @param bytes the encoded value
	 * @return the value
	 */
	public static StoredValue of(byte[] bytes) {
		return new StoredValue(bytes, 0);
	}

	/**
	 * Return the encoded value.
	 * @return the bytes, not a copy
	 */
	public byte[] bytes() {
		return this.bytes;
	}

	/**
	 * Return the client flags.
	 * @return the flags, {@code 0} when none
	 */
	public int flags() {
		return this.flags;
	}

	/**
	 * SPI between codecs and the backends that keep values in this JVM (the memory
	 * backend, the near cache); applications have no use for it.
	 * <p>
	 * Return what a decoder made of this value before, if it said so with
	 * {@link #rememberDecoded}.
	 * @param decoder identifies the decoder, such as the codec itself
	 * @return the decoded value, or {@code null} when this decoder left none
	 */
	public @Nullable Object decodedBy(Object decoder) {
		Decoded decoded = this.decoded;
		return (decoded != null && decoded.decoder == decoder) ? decoded.value : null;
	}

	/**
	 * SPI between codecs and the backends that keep values in this JVM; applications have
	 * no use for it.
	 * <p>
	 * Keep what a decoder made of this value, so that a backend handing out this instance
	 * again is not decoded twice. Only for immutable results, since every reader of this
	 * instance gets the same object.
	 * @param decoder identifies the decoder, such as the codec itself
	 * @param value the decoded value
	 */
	public void rememberDecoded(Object decoder, Object value) {
		this.decoded = new Decoded(decoder, value);
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof StoredValue that) && this.flags == that.flags && Arrays.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.bytes) + this.flags;
	}

	@Override
	public String toString() {
		return "StoredValue[" + this.bytes.length + " bytes, flags=" + this.flags + "]";
	}

	private record Decoded(Object decoder, Object value) {

	}

}
