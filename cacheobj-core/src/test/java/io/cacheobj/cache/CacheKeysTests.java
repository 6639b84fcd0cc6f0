package io.cacheobj.cache;

import java.math.BigDecimal;
import java.util.UUID;

import io.cacheobj.cache.CacheFixtures.Colour;
import org.junit.jupiter.api.Test;

import org.springframework.cache.interceptor.SimpleKey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link CacheKeys}.
 */
class CacheKeysTests {

	@Test
	void simpleKeyPartsHoldingTheSeparatorStayApart() {
		assertThat(CacheKeys.text("c", new SimpleKey("a,b", "c"))).isEqualTo("a\\,b,c");
		assertThat(CacheKeys.text("c", new SimpleKey("a", "b,c"))).isEqualTo("a,b\\,c");
		assertThat(CacheKeys.text("c", new SimpleKey("a\\", "b"))).isEqualTo("a\\\\,b");
		assertThat(CacheKeys.text("c", new SimpleKey("a\\,", "b")))
			.isNotEqualTo(CacheKeys.text("c", new SimpleKey("a", ",b")));
	}

	@Test
	void aNullPartDiffersFromTheTextNull() {
		assertThat(CacheKeys.text("c", new SimpleKey("x", null))).isEqualTo("x,\\N");
		assertThat(CacheKeys.text("c", new SimpleKey("x", "null"))).isEqualTo("x,null");
		assertThat(CacheKeys.text("c", new SimpleKey("x", "\\N"))).isEqualTo("x,\\\\N");
	}

	@Test
	void aSingleKeyWithoutSeparatorsIsWrittenAsItIsAndOneWithThemNeverLooksLikeASimpleKey() {
		assertThat(CacheKeys.text("c", "plain key")).isEqualTo("plain key");
		assertThat(CacheKeys.text("c", 42L)).isEqualTo("42");
		assertThat(CacheKeys.text("c", Colour.RED)).isEqualTo("RED");
		assertThat(CacheKeys.text("c", UUID.fromString("3b241101-e2bb-4255-8caf-4136c566a962")))
			.isEqualTo("3b241101-e2bb-4255-8caf-4136c566a962");
		assertThat(CacheKeys.text("c", "a,b")).isNotEqualTo(CacheKeys.text("c", new SimpleKey("a", "b")));
	}

	@Test
	void bigDecimalKeysAreTheirPlainTextWithTheirScale() {
		assertThat(CacheKeys.text("c", new BigDecimal("1E+3"))).isEqualTo("1000");
		assertThat(CacheKeys.text("c", new BigDecimal("1.50"))).isEqualTo("1.50");
		assertThat(CacheKeys.text("c", new BigDecimal("1.5"))).isEqualTo("1.5");
	}

	@Test
	void keysWithoutStableTextAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKeys.text("c", new Object()))
			.withMessageContaining("java.lang.Object");
	}

}
