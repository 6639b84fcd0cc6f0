package io.cacheobj.health;

import java.util.Map;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.CacheBackend;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link CacheBackendHealthIndicator}.
 */
class CacheBackendHealthIndicatorTests {

	private final CacheBackend backend = mock(CacheBackend.class);

	private final CacheBackendHealthIndicator indicator = new CacheBackendHealthIndicator(this.backend,
			Map.of("type", "redis", "target", "redis://:******@cache:6379"));

	@Test
	void backendThatAnswersIsUpWithItsDetails() {
		given(this.backend.check()).willReturn(Map.of("version", "7.0.15"));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("type", "redis")
			.containsEntry("target", "redis://:******@cache:6379")
			.containsEntry("version", "7.0.15");
		then(this.backend).should().check();
	}

	@Test
	void backendThatFailsItsCheckIsDownWithTheReason() {
		given(this.backend.check()).willThrow(new CacheBackendException("Redis backend 'redis' failed", null));
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("type", "redis").containsKey("error");
		assertThat(health.getDetails().get("error").toString()).contains("Redis backend 'redis' failed");
	}

}
