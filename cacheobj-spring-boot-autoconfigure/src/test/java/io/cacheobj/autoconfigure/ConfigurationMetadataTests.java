package io.cacheobj.autoconfigure;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the configuration metadata that the annotation processor builds from
 * {@link CacheObjProperties} and {@code additional-spring-configuration-metadata.json}:
 * what IDEs show.
 */
class ConfigurationMetadataTests {

	private final JsonNode metadata = read("META-INF/spring-configuration-metadata.json");

	@Test
	void everyPropertyHasADescription() {
		List<String> undescribed = new ArrayList<>();
		for (JsonNode property : this.metadata.get("properties")) {
			JsonNode description = property.get("description");
			if (description == null || description.asString().isBlank()) {
				undescribed.add(property.get("name").asString());
			}
		}
		assertThat(this.metadata.get("properties")).isNotEmpty();
		assertThat(undescribed).isEmpty();
	}

	@Test
	void defaultBackendIsHintedWithTheEmbeddedBackendAndBackendBeans() {
		JsonNode hint = hint("cacheobj.default-backend");
		assertThat(hint.get("values").findValuesAsString("value")).containsExactly("memory");
		assertThat(hint.get("providers").findValuesAsString("name")).contains("spring-bean-reference", "any");
		assertThat(hint.get("providers").get(0).get("parameters").get("target").asString())
			.isEqualTo("io.cacheobj.backend.CacheBackend");
	}

	@Test
	void backendNamesAreHintedAsFreeNames() {
		JsonNode hint = hint("cacheobj.backends.keys");
		assertThat(hint.get("values").findValuesAsString("value")).contains("local", "redis", "sessions");
		assertThat(hint.get("providers").findValuesAsString("name")).containsExactly("any");
	}

	@Test
	void backendSettingsAreTypedByTheirMapValueSoIdesResolveTheirEnums() {
		// The metadata format has no names for the keys under a Map value: IDEs resolve
		// cacheobj.backends.<name>.type and the other enums from the value type.
		JsonNode backends = property("cacheobj.backends");
		assertThat(backends.get("type").asString())
			.isEqualTo("java.util.Map<java.lang.String,io.cacheobj.autoconfigure.CacheObjBackendProperties>");
		for (JsonNode property : this.metadata.get("properties")) {
			assertThat(property.get("name").asString()).doesNotStartWith("cacheobj.backends.");
		}
	}

	@Test
	void healthPropertyComesFromTheAdditionalMetadata() {
		JsonNode health = property("management.health.cacheobj.enabled");
		assertThat(health.get("defaultValue").asBoolean()).isTrue();
	}

	@Test
	void springCachePropertiesAreDescribedWithTheirDefaults() {
		assertThat(property("cacheobj.spring-cache.dynamic").get("defaultValue").asBoolean()).isTrue();
		assertThat(property("cacheobj.spring-cache.default-ttl").get("type").asString())
			.isEqualTo("java.time.Duration");
		assertThat(property("cacheobj.spring-cache.default-backend").get("description").asString())
			.contains("cacheobj.default-backend");
		assertThat(property("cacheobj.spring-cache.trusted-packages").get("description").asString())
			.contains("never instantiated");
		assertThat(property("cacheobj.spring-cache.caches").get("type").asString())
			.isEqualTo("java.util.Map<java.lang.String,io.cacheobj.autoconfigure.CacheObjProperties$Cache>");
	}

	private JsonNode hint(String name) {
		for (JsonNode hint : this.metadata.get("hints")) {
			if (hint.get("name").asString().equals(name)) {
				return hint;
			}
		}
		throw new AssertionError("No hint for " + name);
	}

	private JsonNode property(String name) {
		for (JsonNode property : this.metadata.get("properties")) {
			if (property.get("name").asString().equals(name)) {
				return property;
			}
		}
		throw new AssertionError("No property " + name);
	}

	private static JsonNode read(String path) {
		try (InputStream input = new ClassPathResource(path).getInputStream()) {
			return JsonMapper.builder().build().readTree(input);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot read " + path + ": build the module first", ex);
		}
	}

}
