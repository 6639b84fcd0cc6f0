package io.cacheobj.backend;

import java.util.Arrays;

/**
 * The bytes of one cache entry and the client flags stored beside them.
 * <p>
 * Flags follow memcached's convention, which python-memcached uses to tell text, integers
 * and pickles apart. Backends that cannot store flags (Redis) ignore them on write and
 * report {@code 0} on read; decoding never depends on them except to refuse a format
 * cacheobj never reads. The array is not copied: neither side may change it once passed.
 *
 * @param bytes the encoded value
 * @param flags the client flags, {@code 0} when none
 * @since 0.1.0
 */
public record StoredValue(byte[] bytes, int flags) {

	/**
	 * Create a value without flags.
	 * @param bytes the encoded value
	 * @return the value
	 */
	public static StoredValue of(byte[] bytes) {
		return new StoredValue(bytes, 0);
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

}
