package io.cacheobj.autoconfigure;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link CredentialSettings}.
 */
class CredentialSettingsTests {

	@Test
	void placeholderNamesIncludeThoseOfDefaults() {
		assertThat(CredentialSettings.placeholderNames("${A:${B:x}}-${C}")).containsExactly("A", "B", "C");
		assertThat(CredentialSettings.placeholderNames("redis://${HOST:h}:${PORT:1}")).containsExactly("HOST", "PORT");
		assertThat(CredentialSettings.placeholderNames("plain")).isEmpty();
	}

}
