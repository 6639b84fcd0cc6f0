package io.cacheobj.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Describes backends for health details and the actuator endpoint: their type and target,
 * never credentials.
 *
 * @since 0.1.0
 */
public final class CacheBackendDescriptions {

	private CacheBackendDescriptions() {
	}

	/**
	 * Describe a backend.
	 * @param properties cacheobj's properties
	 * @param name the backend's name
	 * @param backend the backend
	 * @return {@code type} ({@code memory}, {@code redis}, {@code memcached} or
	 * {@code custom}) and {@code target}, with any password replaced by {@code ******}
	 */
	public static Map<String, Object> describe(CacheObjProperties properties, String name, CacheBackend backend) {
		Backend settings = CacheBackendsRegistrar.settingsOf(properties, name);
		Map<String, Object> description = new LinkedHashMap<>();
		if (settings == null || settings.getType() == null) {
			description.put("type", "custom");
			description.put("target", ClassUtils.getUserClass(backend).getName());
			return description;
		}
		description.put("type", settings.getType().name().toLowerCase(Locale.ROOT));
		description.put("target", target(settings));
		return description;
	}

	/**
	 * Return a URL whose password is replaced by {@code ******}.
	 * @param url the URL
	 * @return the masked URL
	 */
	public static String maskUrl(String url) {
		String masked = Secrets.maskUrl(url);
		return (masked != null) ? masked : url;
	}

	private static String target(Backend settings) {
		return switch (settings.getType()) {
			case MEMORY -> "this JVM (maximum-size " + settings.getMaximumSize() + ")";
			case REDIS -> redisTarget(settings);
			case MEMCACHED -> String.join(",", settings.getServers());
		};
	}

	private static String redisTarget(Backend settings) {
		@Nullable String url = settings.getUrl();
		if (url != null && !url.isBlank()) {
			return Secrets.maskUrl(url);
		}
		if (!settings.getClusterNodes().isEmpty()) {
			return "cluster " + String.join(",", settings.getClusterNodes());
		}
		return "the application's RedisConnectionFactory";
	}

}
