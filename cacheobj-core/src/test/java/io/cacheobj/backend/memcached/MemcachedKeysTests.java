package io.cacheobj.backend.memcached;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemcachedKeys}.
 */
class MemcachedKeysTests {

	@Test
	void keyMemcachedAcceptsIsKept() {
		assertThat(MemcachedKeys.safeKey("User.12.name")).isEqualTo("User.12.name");
		assertThat(MemcachedKeys.safeKey("ünïcode:é")).isEqualTo("ünïcode:é");
	}

	@Test
	void keyOfExactlyTheLongestLengthIsKept() {
		String key = "k".repeat(MemcachedKeys.MAX_KEY_BYTES);
		assertThat(MemcachedKeys.safeKey(key)).isEqualTo(key);
	}

	@Test
	void keyOverTheLongestLengthInUtf8BytesIsHashed() {
		String key = "é".repeat(MemcachedKeys.MAX_KEY_BYTES / 2 + 1);
		assertThat(key).hasSizeLessThan(MemcachedKeys.MAX_KEY_BYTES);
		assertThat(MemcachedKeys.safeKey(key)).startsWith("cacheobj:sha256:");
	}

	@Test
	void keyWithWhiteSpaceControlCharacterOrDeleteIsHashed() {
		assertThat(MemcachedKeys.safeKey("a b")).startsWith("cacheobj:sha256:");
		assertThat(MemcachedKeys.safeKey("a\tb")).startsWith("cacheobj:sha256:");
		assertThat(MemcachedKeys.safeKey("a\r\nb")).startsWith("cacheobj:sha256:");
		assertThat(MemcachedKeys.safeKey("a\u0000b")).startsWith("cacheobj:sha256:");
		assertThat(MemcachedKeys.safeKey("a\u007Fb")).startsWith("cacheobj:sha256:");
	}

	@Test
	void emptyKeyIsHashed() {
		assertThat(MemcachedKeys.safeKey(""))
			.isEqualTo("cacheobj:sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void hashIsTheSha256OfTheKeyAndTheSameEveryTime() {
		assertThat(MemcachedKeys.safeKey("a b"))
			.isEqualTo("cacheobj:sha256:c8687a08aa5d6ed2044328fa6a697ab8e96dc34291e8c2034ae8c38e6fcc6d65")
			.isEqualTo(MemcachedKeys.safeKey("a b"));
	}

	@Test
	void hashedKeyIsAcceptedByMemcached() {
		String hashed = MemcachedKeys.safeKey("x".repeat(10_000) + " \n");
		assertThat(hashed.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(MemcachedKeys.MAX_KEY_BYTES);
		assertThat(MemcachedKeys.safeKey(hashed)).isEqualTo(hashed);
	}

	@Test
	void differentKeysHashDifferently() {
		assertThat(MemcachedKeys.safeKey("a b")).isNotEqualTo(MemcachedKeys.safeKey("a  b"));
	}

}
