package io.cacheobj.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Hides credentials in settings that appear in messages.
 */
final class Secrets {

	/** What replaces a secret. */
	static final String MASK = "******";

	private Secrets() {
	}

	/**
	 * Return a URL whose password is replaced by {@value #MASK}; a lone user-info part,
	 * which Redis URLs read as a password, is replaced whole.
	 * @param url the URL
	 * @return the masked URL
	 */
	static @Nullable String maskUrl(@Nullable String url) {
		if (url == null) {
			return null;
		}
		int scheme = url.indexOf("://");
		if (scheme < 0) {
			return url;
		}
		int start = scheme + 3;
		int end = url.indexOf('/', start);
		int at = url.lastIndexOf('@', ((end < 0) ? url.length() : end) - 1);
		if (at < start) {
			return url;
		}
		String userInfo = url.substring(start, at);
		int colon = userInfo.indexOf(':');
		String masked = (colon >= 0) ? userInfo.substring(0, colon + 1) + MASK : MASK;
		return url.substring(0, start) + masked + url.substring(at);
	}

}
