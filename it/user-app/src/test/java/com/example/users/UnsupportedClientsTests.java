package com.example.users;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Run with {@code -Punsupported-clients} and a Lettuce that the application's Spring Data
 * Redis does not run on: the application does not start, and says why and what to do.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnsupportedClientsTests {

	@Test
	void startUpFailsWithAReportNamingTheSupportedVersions(CapturedOutput output) {
		try (Servers redis = Servers.redis(); Servers memcached = Servers.memcached()) {
			assertThatException().isThrownBy(
					() -> SpringApplication
						.run(UsersApplication.class, "--REDIS_URL=redis://127.0.0.1:" + redis.port(),
								"--MEMCACHED_SERVERS=127.0.0.1:" + memcached.port())
						.close());
		}
		String found = "Spring Data Redis " + version(RedisConnectionFactory.class) + " with Lettuce "
				+ version(RedisClient.class);
		assertThat(output)
			.contains("APPLICATION FAILED TO START", "The application's Redis clients are " + found,
					"They run on Spring Data Redis 4.0.x with Lettuce 6.8.x", "io.lettuce:lettuce-core")
			.doesNotContain("NoSuchMethodError");
	}

	private static String version(Class<?> type) {
		return type.getPackage().getImplementationVersion().replaceFirst("/.*", "");
	}

}
