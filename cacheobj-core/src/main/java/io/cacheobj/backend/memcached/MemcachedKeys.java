package io.cacheobj.backend.memcached;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Turns cache keys into keys memcached accepts, replacing the keys it refuses by a hash.
 */
final class MemcachedKeys {

	/**
	 * The longest key memcached accepts, in bytes ({@code KEY_MAX_LENGTH} in its source).
	 */
	static final int MAX_KEY_BYTES = 250;

	private static final String HASHED_PREFIX = "cacheobj:sha256:";

	private MemcachedKeys() {
	}

	/**
	 * Return the key memcached stores a key under: the key itself when memcached accepts
	 * it, else {@code cacheobj:sha256:} and the hex SHA-256 of its UTF-8 bytes, which is
	 * the same for the same key in every process.
	 * @param key the key
	 * @return the key sent to memcached
	 */
	static String safeKey(String key) {
		if (isPrintableAscii(key)) {
			return key;
		}
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		if (bytes.length <= MAX_KEY_BYTES && isPrintable(bytes)) {
			return key;
		}
		return HASHED_PREFIX + HexFormat.of().formatHex(sha256(bytes));
	}

	/**
	 * Return whether a key is short printable ASCII, which memcached accepts as it is:
	 * the common case, checked without encoding the key.
	 */
	private static boolean isPrintableAscii(String key) {
		int length = key.length();
		if (length == 0 || length > MAX_KEY_BYTES) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			char c = key.charAt(i);
			if (c <= ' ' || c >= 0x7F) {
				return false;
			}
		}
		return true;
	}

	private static boolean isPrintable(byte[] bytes) {
		for (byte b : bytes) {
			// The text protocol separates tokens by space and ends lines with control
			// characters; bytes of multi-byte UTF-8 characters, 0x80 and up, are allowed.
			if ((b & 0xFF) <= ' ' || b == 0x7F) {
				return false;
			}
		}
		return bytes.length > 0;
	}

	private static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is missing from this JVM", ex);
		}
	}

}
