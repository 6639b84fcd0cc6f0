package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An asynchronous call to a server that does not answer fails within the backend's
 * timeout, whether Lettuce times its commands out itself (its default) or not.
 */
class RedisAsyncTimeoutIntegrationTests {

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void asyncCallToAPausedServerFailsWithinItsTimeout(boolean lettuceTimesOut,
			@RealServer(Kind.REDIS) ManagedServer server) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()),
				LettuceClientConfiguration.builder()
					.commandTimeout(Duration.ofMillis(300))
					.clientOptions(ClientOptions.builder()
						.timeoutOptions(lettuceTimesOut ? TimeoutOptions.enabled()
								: TimeoutOptions.builder().timeoutCommands(false).build())
						.build())
					.build());
		factory.afterPropertiesSet();
		factory.start();
		RedisCacheBackend backend = RedisCacheBackend.create("redis", factory);
		try {
			backend.set("async-timeout", StoredValue.of(new byte[] { 'x' }), null);
			server.signal("STOP");
			try {
				long start = System.nanoTime();
				CompletableFuture<StoredValue> read = backend.getAsync("async-timeout");
				assertThat(read).failsWithin(Duration.ofSeconds(3))
					.withThrowableOfType(ExecutionException.class)
					.havingCause()
					.isInstanceOf(CacheBackendException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
			}
			finally {
				server.signal("CONT");
			}
		}
		finally {
			factory.destroy();
		}
	}

}
