package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.testsupport.RecordingInvalidationListener;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RedisInvalidations} that need no server.
 */
class RedisInvalidationsTests {

	private final LettuceConnectionFactory factory = new LettuceConnectionFactory(
			new RedisStandaloneConfiguration("127.0.0.1", 1));

	@Test
	void createChecksItsArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> RedisInvalidations.create(" ", this.factory))
			.withMessage("'backendName' must not be empty");
	}

	@Test
	void startNeedsAPrefixAndHappensOnce() {
		InvalidationSource source = RedisInvalidations.create("unit", this.factory);
		try {
			RecordingInvalidationListener listener = new RecordingInvalidationListener();
			assertThatIllegalArgumentException().isThrownBy(() -> source.start(List.of(), listener))
				.withMessageContaining("'prefixes' must not be empty");
			source.start(List.of("a:"), listener);
			assertThatIllegalStateException().isThrownBy(() -> source.start(List.of("b:"), listener))
				.withMessage("Invalidation source of Redis backend 'unit' was already started");
			assertThat(source.isTracking()).isFalse();
			assertThat(source.details()).containsEntry("tracking", false)
				.containsEntry("topology", "standalone")
				.containsEntry("nodes", Map.of("127.0.0.1:1", false));
		}
		finally {
			source.close();
		}
		assertThatIllegalStateException().isThrownBy(() -> source.addPrefixes(List.of("c:")))
			.withMessage("Invalidation source of Redis backend 'unit' is closed");
	}

	@Test
	void sourceThatNeverStartedClosesQuietly() {
		InvalidationSource source = RedisInvalidations.create("unstarted", this.factory);
		source.addPrefixes(List.of("a:"));
		source.close();
		source.close();
		assertThat(source.details()).containsEntry("prefixes", List.of("a:")).containsEntry("tracking", false);
	}

	@Test
	void trackingConnectsWithTheConfigurationTheFactoryWasBuiltWith() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", 1);
		configuration.setUsername("app");
		configuration.setPassword("secret");
		LettuceConnectionFactory factory = new LettuceConnectionFactory((RedisConfiguration) configuration,
				LettuceClientConfiguration.defaultConfiguration());
		RedisTrackingSettings told = RedisTrackingSettings.of("told", configuration, factory.getClientConfiguration(),
				null);
		assertThat(told.description()).isEqualTo("127.0.0.1:1");
		assertThat(username(told.uris().get(0))).isEqualTo("app");
		RedisTrackingSettings readBack = RedisTrackingSettings.of("read", factory);
		assertThat(readBack.description()).isEqualTo("127.0.0.1:1");
		assertThat(username(readBack.uris().get(0))).isNull();
	}

	@Test
	void anOwningBackendTracksTheServersItWasToldOf() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", 2);
		LettuceConnectionFactory factory = new LettuceConnectionFactory((RedisConfiguration) configuration,
				LettuceClientConfiguration.defaultConfiguration());
		InvalidationSource source = RedisCacheBackend.createOwning("told", factory, configuration)
			.invalidations(Duration.ofSeconds(1));
		try {
			source.start(List.of("a:"), new RecordingInvalidationListener());
			assertThat(source.details()).containsEntry("topology", "standalone")
				.containsEntry("nodes", Map.of("127.0.0.1:2", false));
		}
		finally {
			source.close();
		}
	}

	private static @Nullable String username(RedisURI uri) {
		RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
		return (credentials != null) ? credentials.getUsername() : null;
	}

	@Test
	void prefixesAreKeptMinimalBecauseRedisRefusesOverlappingOnes() {
		assertThat(TrackingPrefixes.minimal(List.of(), List.of("a:", "b:", "a:x", "a:"))).containsExactly("a:", "b:");
		assertThat(TrackingPrefixes.minimal(List.of("ab:", "c:"), List.of("a"))).containsExactly("c:", "a");
		assertThat(TrackingPrefixes.minimal(List.of("a:"), List.of("ab:"))).containsExactly("a:", "ab:");
		assertThat(TrackingPrefixes.minimal(List.of("a:", "b:"), List.of(""))).containsExactly("");
	}

}
