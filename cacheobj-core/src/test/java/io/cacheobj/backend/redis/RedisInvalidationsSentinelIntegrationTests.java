package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RecordingInvalidationListener;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisInvalidations} against a real master, replica and Sentinel.
 */
class RedisInvalidationsSentinelIntegrationTests {

	@ParameterizedTest(name = "{0}")
	@EnumSource(RedisTrackingMode.class)
	void masterNamedBySentinelIsTrackedAcrossAFailover(RedisTrackingMode mode,
			@RealServer(Kind.REDIS) ManagedServer master) throws Exception {
		ManagedServer replica = TestServers.redis("--replicaof", master.host(), Integer.toString(master.port()));
		ManagedServer sentinel = TestServers.redisSentinel(master);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisSentinelConfiguration().master("mymaster").sentinel(sentinel.host(), sentinel.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		InvalidationSource source = RedisInvalidations.create("sentinel", factory, null, Duration.ofSeconds(1), mode);
		boolean optin = mode == RedisTrackingMode.OPTIN;
		try (replica; sentinel; source) {
			RecordingInvalidationListener listener = new RecordingInvalidationListener();
			source.start(List.of("s:"), listener);
			listener.awaitTracking(true);
			assertThat(source.details()).containsEntry("topology", "sentinel")
				.containsEntry("nodes", Map.of(master.host() + ":" + master.port(), true));
			if (optin) {
				assertThat(source.readToKeep("s:1").get(2, TimeUnit.SECONDS)).isNull();
			}
			RedisTestSupport.redisCli(master, "SET", "s:1", "v");
			listener.awaitEvent("invalidate s:1");
			await().atMost(Duration.ofSeconds(20))
				.until(() -> sentinel.send("SENTINEL REPLICAS mymaster").contains(Integer.toString(replica.port())));
			assertThat(sentinel.send("SENTINEL FAILOVER mymaster")).startsWith("+OK");
			listener.awaitEvent("tracking false");
			listener.awaitTracking(true);
			assertThat(replica.send("ROLE")).contains("master");
			assertThat(replica.send("CLIENT LIST")).contains("name=cacheobj-tracking-sentinel ");
			int from = listener.size();
			if (optin) {
				assertThat(source.readToKeep("s:2").get(2, TimeUnit.SECONDS)).isNull();
			}
			RedisTestSupport.redisCli(replica, "SET", "s:2", "v");
			listener.awaitEventSince(from, "invalidate s:2");
			assertThat(listener.events()).containsExactly("tracking true", "invalidate s:1", "tracking false",
					"tracking true", "invalidate s:2");
			assertThat(source.details()).containsEntry("tracking", true)
				.containsEntry("topologyChanges", 1L)
				.containsEntry("nodes", Map.of(replica.host() + ":" + replica.port(), true));
		}
		finally {
			factory.destroy();
		}
	}

}
