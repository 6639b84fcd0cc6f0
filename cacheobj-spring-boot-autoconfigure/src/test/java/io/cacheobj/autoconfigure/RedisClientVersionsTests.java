package io.cacheobj.autoconfigure;

import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link RedisClientVersions}.
 */
class RedisClientVersionsTests {

	@ParameterizedTest
	@CsvSource({ "4.0.6, 6.8.2.RELEASE", "4.0.0, 6.8.0.RELEASE", "4.0.9, 6.9.1.RELEASE", "4.1.2, 7.5.2.RELEASE",
			"4.1.0, 7.0.0.RELEASE", "4.2.0-M1, 7.6.0.RELEASE" })
	void pairsThatSpringBootManagesAreSupported(String springDataRedis, String lettuce) {
		assertThatNoException().isThrownBy(() -> RedisClientVersions.check(springDataRedis, lettuce));
	}

	@ParameterizedTest
	@CsvSource({ "4.0.6, 7.5.2.RELEASE", "4.1.2, 6.8.2.RELEASE", "4.0.6, 6.7.1.RELEASE", "4.0.6, 5.3.7.RELEASE",
			"3.5.6, 6.8.2.RELEASE", "5.0.0, 7.5.2.RELEASE", "4.1.2, 8.0.0.RELEASE" })
	void otherPairsFailNamingWhatIsFoundAndWhatIsSupported(String springDataRedis, String lettuce) {
		assertThatExceptionOfType(UnsupportedClientVersionException.class)
			.isThrownBy(() -> RedisClientVersions.check(springDataRedis, lettuce))
			.satisfies((ex) -> {
				assertThat(ex.getFound())
					.isEqualTo("Spring Data Redis " + springDataRedis + " with Lettuce " + lettuce);
				assertThat(ex.getSupported()).isEqualTo(RedisClientVersions.SUPPORTED);
				assertThat(ex.getMessage()).contains(ex.getFound(), RedisClientVersions.SUPPORTED);
			});
	}

	@Test
	void unknownVersionsAreNotChecked() {
		assertThatNoException().isThrownBy(() -> RedisClientVersions.check(null, null));
		assertThatNoException().isThrownBy(() -> RedisClientVersions.check(null, "7.5.2.RELEASE"));
		assertThatNoException().isThrownBy(() -> RedisClientVersions.check("4.0.6", "unknown"));
	}

	@Test
	void unknownVersionsDoNotHideAnUnsupportedOne() {
		assertThatExceptionOfType(UnsupportedClientVersionException.class)
			.isThrownBy(() -> RedisClientVersions.check(null, "6.7.1.RELEASE"));
		assertThatExceptionOfType(UnsupportedClientVersionException.class)
			.isThrownBy(() -> RedisClientVersions.check("3.5.6", null));
	}

	@Test
	void theClientsThisBuildRunsOnDeclareTheirVersionsAndAreSupported() {
		assertThat(RedisClientVersions.version(RedisConnectionFactory.class)).matches("4\\.[01]\\.\\d+");
		assertThat(RedisClientVersions.version(RedisClient.class)).matches("(6\\.8|7\\.\\d+)\\.\\d+\\.RELEASE");
		assertThatNoException().isThrownBy(RedisClientVersions::check);
	}

}
