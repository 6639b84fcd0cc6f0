package io.cacheobj.autoconfigure;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PlaceholdersResolver;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Knows which values of the environment hold cacheobj's credentials, and hides them:
 * passwords, the user-info of URLs, and the values that those settings take from
 * placeholders, such as {@code REDIS_URL} in {@code url: ${REDIS_URL}}.
 */
final class CredentialSettings {

	private static final Bindable<Map<String, Object>> BACKENDS = Bindable.mapOf(String.class, Object.class);

	private final Environment environment;

	private volatile @Nullable Map<String, Secret> referenced;

	CredentialSettings(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Hide cacheobj's credentials in a value.
	 * @param key the property or environment variable that holds the value, in lower case
	 * @param value the value
	 * @return the value to show: {@code value} itself, the value with the password of
	 * each URL masked, or {@value Secrets#MASK} for a password
	 * @see CacheBackendSettings#hideCredentials(String, Object)
	 */
	@Nullable Object hide(String key, @Nullable Object value) {
		if (key.contains("cacheobj") || key.startsWith("backends.")) {
			if (BackendProperty.PASSWORDS.stream().anyMatch((password) -> key.endsWith("." + password))) {
				return Secrets.MASK;
			}
			if (isAddressKey(key) && value instanceof String text) {
				return maskAddresses(text);
			}
		}
		Secret secret = referenced().get(normalize(key));
		if (secret == null || value == null) {
			return value;
		}
		if (secret == Secret.PASSWORD || !(value instanceof String text)) {
			return Secrets.MASK;
		}
		return maskAddresses(text);
	}

	private static boolean isAddressKey(String key) {
		return BackendProperty.ADDRESSES.stream()
			.anyMatch((address) -> key.endsWith("." + address) || key.contains("." + address + "["));
	}

	private static String maskAddresses(String value) {
		List<String> masked = new ArrayList<>();
		for (String address : value.split(",", -1)) {
			masked.add(String.valueOf(Secrets.maskUrl(address)));
		}
		return String.join(",", masked);
	}

	/**
	 * Return the names of the properties (or environment variables) that cacheobj's
	 * secret-bearing settings take their values from, normalized.
	 */
	private Map<String, Secret> referenced() {
		Map<String, Secret> referenced = this.referenced;
		if (referenced == null) {
			referenced = findReferenced();
			this.referenced = referenced;
		}
		return referenced;
	}

	private Map<String, Secret> findReferenced() {
		Map<String, Secret> referenced = new HashMap<>();
		Binder plain = Binder.get(this.environment);
		PlaceholdersResolver resolver = new PropertySourcesPlaceholdersResolver(this.environment);
		for (String backend : plain.bind(BackendProperty.BACKENDS, BACKENDS).orElse(Map.of()).keySet()) {
			for (String address : BackendProperty.ADDRESSES) {
				record(referenced, resolver, BackendProperty.name(backend, address), Secret.ADDRESS);
			}
			for (String password : BackendProperty.PASSWORDS) {
				record(referenced, resolver, BackendProperty.name(backend, password), Secret.PASSWORD);
			}
		}
		return Map.copyOf(referenced);
	}

	private void record(Map<String, Secret> referenced, PlaceholdersResolver resolver, String property, Secret secret) {
		PlaceholdersResolver recording = (value) -> {
			if (value instanceof String text) {
				for (String name : placeholderNames(text)) {
					referenced.merge(normalize(name), secret, (a, b) -> (a == Secret.PASSWORD) ? a : b);
				}
			}
			return resolver.resolvePlaceholders(value);
		};
		new Binder(ConfigurationPropertySources.get(this.environment), recording).bind(property,
				Bindable.listOf(String.class));
	}

	/**
	 * Return the names in the {@code ${name:default}} placeholders of a value, those in
	 * defaults included.
	 */
	static List<String> placeholderNames(String text) {
		List<String> names = new ArrayList<>();
		int start = text.indexOf("${");
		while (start >= 0) {
			int depth = 1;
			int index = start + 2;
			int colon = -1;
			while (index < text.length() && depth > 0) {
				if (text.startsWith("${", index)) {
					depth++;
					index += 2;
					continue;
				}
				char c = text.charAt(index);
				if (c == '}') {
					depth--;
				}
				else if (c == ':' && depth == 1 && colon < 0) {
					colon = index;
				}
				index++;
			}
			int end = (depth == 0) ? index - 1 : text.length();
			String name = text.substring(start + 2, (colon >= 0) ? colon : end).trim();
			if (StringUtils.hasText(name)) {
				names.add(name);
			}
			if (colon >= 0) {
				names.addAll(placeholderNames(text.substring(colon + 1, end)));
			}
			start = text.indexOf("${", end);
		}
		return names;
	}

	/**
	 * Normalize a property name or environment variable so that {@code redis.url},
	 * {@code redis-url} and {@code REDIS_URL} compare equal, as relaxed binding reads
	 * them.
	 */
	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	private enum Secret {

		ADDRESS, PASSWORD

	}

}
