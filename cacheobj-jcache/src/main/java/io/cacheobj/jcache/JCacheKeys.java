package io.cacheobj.jcache;

import java.util.Base64;

/**
 * The text of a JCache key inside a cache's key prefix: a {@code String} key is itself
 * after {@code s:}, an {@code Integer} or {@code Long} its decimal text after {@code i:}
 * or {@code l:}, and any other key its JDK serialization in Base64 after {@code b:}
 * (stable for keys whose serialized form is deterministic, as value types' is).
 */
final class JCacheKeys {

	private final JavaValues values;

	JCacheKeys(JavaValues values) {
		this.values = values;
	}

	/**
	 * Return the backend key of a JCache key: the prefix and the key's text, in one
	 * string built once.
	 */
	String encode(String prefix, Object key) {
		if (key instanceof String text) {
			return prefix + "s:" + text;
		}
		if (key instanceof Integer number) {
			return prefix + "i:" + number;
		}
		if (key instanceof Long number) {
			return prefix + "l:" + number;
		}
		return prefix + "b:" + Base64.getUrlEncoder().withoutPadding().encodeToString(this.values.write(key));
	}

	Object decode(String text) {
		String body = text.substring(2);
		return switch (text.charAt(0)) {
			case 's' -> body;
			case 'i' -> Integer.valueOf(body);
			case 'l' -> Long.valueOf(body);
			default -> this.values.read(Base64.getUrlDecoder().decode(body), 0, text);
		};
	}

}
