package io.cacheobj.autoconfigure;

import io.lettuce.core.RedisClient;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis client generations cacheobj runs on, in one place: the pairs of Spring Data
 * Redis and Lettuce that Spring Boot manages, Spring Data Redis 4.0 with Lettuce 6.8 or a
 * later 6.x (Boot 4.0), and Spring Data Redis 4.1 or a later 4.x with Lettuce 7 (Boot
 * 4.1). Other pairs do not link: Spring Data Redis 4.0 calls
 * {@code RedisURI.getUsername()}, which Lettuce 7 removed, and 4.1 calls Lettuce 7 API
 * that 6.8 lacks (such as {@code DriverInfo}).
 * <p>
 * cacheobj itself calls only API that both generations have; where they differ (a Redis
 * URL's credentials) it lets Spring Data Redis, which matches its Lettuce, do the work.
 */
final class RedisClientVersions {

	static final String SUPPORTED = "Spring Data Redis 4.0.x with Lettuce 6.8.x or a later 6.x (as Spring Boot 4.0.x"
			+ " manages them), and Spring Data Redis 4.1.x or a later 4.x with Lettuce 7.x (as Spring Boot 4.1.x"
			+ " manages them)";

	private RedisClientVersions() {
	}

	/**
	 * Check that the Spring Data Redis and Lettuce on the classpath are a supported pair.
	 * @throws UnsupportedClientVersionException if they are not
	 */
	static void check() {
		check(version(RedisConnectionFactory.class), version(RedisClient.class));
	}

	/**
	 * Check that two versions are a supported pair. A version that is unknown (a jar
	 * without {@code Implementation-Version}, such as a repackaged one) is not checked.
	 * @param springDataRedis the version of Spring Data Redis, such as {@code 4.0.6}
	 * @param lettuce the version of Lettuce, such as {@code 6.8.2.RELEASE}
	 * @throws UnsupportedClientVersionException if they are not a supported pair
	 */
	static void check(@Nullable String springDataRedis, @Nullable String lettuce) {
		int[] data = majorMinor(springDataRedis);
		int[] client = majorMinor(lettuce);
		boolean dataSupported = data == null || data[0] == 4;
		boolean clientSupported = client == null || (client[0] == 6 && client[1] >= 8) || client[0] == 7;
		boolean paired = data == null || client == null || (data[1] == 0) == (client[0] == 6);
		if (!dataSupported || !clientSupported || !paired) {
			throw new UnsupportedClientVersionException(springDataRedis, lettuce, SUPPORTED);
		}
	}

	/**
	 * Return the version of the jar a class comes from, as its manifest declares it.
	 * @param type the class
	 * @return its version, such as {@code 7.5.2.RELEASE}, or {@code null} when unknown
	 */
	static @Nullable String version(Class<?> type) {
		Package pkg = type.getPackage();
		String version = (pkg != null) ? pkg.getImplementationVersion() : null;
		// Lettuce appends its commit: 7.5.2.RELEASE/5728917.
		return (version != null && version.indexOf('/') > 0) ? version.substring(0, version.indexOf('/')) : version;
	}

	private static int @Nullable [] majorMinor(@Nullable String version) {
		if (version == null) {
			return null;
		}
		String[] parts = version.split("[.]", 3);
		if (parts.length < 2) {
			return null;
		}
		try {
			return new int[] { Integer.parseInt(parts[0]), Integer.parseInt(parts[1]) };
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
