package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import org.jspecify.annotations.Nullable;

/**
 * The memcached client flags python-memcached writes, which the Python library's
 * memcached backend stores beside every item.
 */
final class PythonFlags {

	/** Bytes, stored as is. */
	static final int BYTES = 0;

	/** A pickled Python object; cacheobj never reads pickles. */
	static final int PICKLE = 1;

	/** A Python {@code int}, as decimal text. */
	static final int INTEGER = StoredValue.INTEGER_FLAGS;

	/** A zlib-compressed item. */
	static final int COMPRESSED = 8;

	/** A Python {@code str}, as UTF-8 text. */
	static final int TEXT = 16;

	private PythonFlags() {
	}

	static @Nullable String describeUnreadable(int flags) {
		if ((flags & PICKLE) != 0) {
			return "it is a Python pickle (memcached flags " + flags + "), which cacheobj never reads";
		}
		if ((flags & COMPRESSED) != 0) {
			return "it is a compressed item (memcached flags " + flags + "), which cacheobj does not read";
		}
		return null;
	}

}
