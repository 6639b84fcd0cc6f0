package io.cacheobj.autoconfigure.actuate;

import io.cacheobj.autoconfigure.CacheBackendSettings;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Hides cacheobj's secrets in {@code configprops} and {@code env}, as
 * {@link CacheBackendSettings#hideCredentials(String, Object)} says: passwords, the
 * user-info of URLs, and the values that those settings take from placeholders, wherever
 * the environment shows them.
 */
final class CacheObjSanitizingFunction implements SanitizingFunction {

	private final CacheBackendSettings settings;

	CacheObjSanitizingFunction(CacheBackendSettings settings) {
		this.settings = settings;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		Object shown = this.settings.hideCredentials(data.getLowerCaseKey(), value);
		return (shown == value) ? data : data.withValue(shown);
	}

}
