package io.cacheobj.backend.redis;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RedisTrackingSource} that need no server.
 */
class RedisTrackingSourceTests {

	@Test
	void prefixesAreKeptMinimalBecauseRedisRefusesOverlappingOnes() {
		assertThat(RedisTrackingSource.minimal(List.of(), List.of("a:", "b:", "a:x", "a:"))).containsExactly("a:", "b:");
		assertThat(RedisTrackingSource.minimal(List.of("ab:", "c:"), List.of("a"))).containsExactly("c:", "a");
		assertThat(RedisTrackingSource.minimal(List.of("a:"), List.of("ab:"))).containsExactly("a:", "ab:");
		assertThat(RedisTrackingSource.minimal(List.of("a:", "b:"), List.of(""))).containsExactly("");
	}

}
