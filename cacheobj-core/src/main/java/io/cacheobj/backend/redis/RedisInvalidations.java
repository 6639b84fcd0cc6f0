package io.cacheobj.backend.redis;

import java.time.Duration;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.InvalidationSource;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * Creates {@link InvalidationSource invalidation sources} on Redis 6+ server-assisted
 * client-side caching, for near caches in front of a Redis backend.
 * <p>
 * A source tracks in broadcasting mode ({@code CLIENT TRACKING ON BCAST PREFIX ...}) on
 * dedicated RESP3 connections of its own: one to a standalone server or to the master
 * that Sentinel names, one to each master of a cluster. It reconnects and re-arms them
 * itself after a loss, a failover or a change of the cluster's masters, telling its
 * listener when tracking stops and resumes.
 * <p>
 * Applications reach it through {@link RedisCacheBackend#invalidations(Duration)}.
 */
final class RedisInvalidations {

	private RedisInvalidations() {
	}

	/**
	 * Create a source of invalidations for the servers that a connection factory connects
	 * to. The source reads the factory's standalone, socket, Sentinel or cluster
	 * configuration and its client configuration (TLS, credentials, command timeout,
	 * client options), and uses the factory's {@code ClientResources} when it has them,
	 * else resources of its own that {@link InvalidationSource#close()} shuts down. It
	 * never uses the factory's connections, and connects only once started. It pings for
	 * a near cache with the default lease of one second.
	 * @param backendName the backend's name, used in messages, the tracking thread's name
	 * {@code cacheobj-tracking-<backendName>} and the connections' client name
	 * @param factory the backend's connection factory
	 * @return the source, not started
	 * @throws IllegalArgumentException when the name is empty or the factory is
	 * {@code null}
	 */
	static InvalidationSource create(String backendName, LettuceConnectionFactory factory) {
		return create(backendName, factory, Duration.ofSeconds(1));
	}

	/**
	 * Create a source of invalidations, as
	 * {@link #create(String, LettuceConnectionFactory)} does, for a near cache with the
	 * given lease: the source pings every tracking connection four times per lease and
	 * confirms the lease when all answered.
	 * @param backendName the backend's name
	 * @param factory the backend's connection factory
	 * @param lease the near cache's lease
	 * @return the source, not started
	 * @throws IllegalArgumentException when the name is empty, the factory is
	 * {@code null} or the lease is not positive
	 */
	static InvalidationSource create(String backendName, LettuceConnectionFactory factory, Duration lease) {
		return create(backendName, factory, null, lease);
	}

	/**
	 * Create a source of invalidations, as
	 * {@link #create(String, LettuceConnectionFactory, Duration)} does, for the servers a
	 * configuration describes, which the factory was built with; the factory's client
	 * configuration and resources are used as they are.
	 * @param backendName the backend's name
	 * @param factory the backend's connection factory
	 * @param configuration what the factory was built with, or {@code null} to read the
	 * factory's configuration back from it
	 * @param lease the near cache's lease
	 * @return the source, not started
	 * @throws IllegalArgumentException when the name is empty, the factory is
	 * {@code null} or the lease is not positive
	 */
	static InvalidationSource create(String backendName, LettuceConnectionFactory factory,
			@Nullable RedisConfiguration configuration, Duration lease) {
		return create(backendName, factory, configuration, lease, RedisTrackingMode.BROADCAST);
	}

	/**
	 * Create a source of invalidations, as
	 * {@link #create(String, LettuceConnectionFactory, RedisConfiguration, Duration)}
	 * does, tracking in the given mode.
	 * @param backendName the backend's name
	 * @param factory the backend's connection factory
	 * @param configuration what the factory was built with, or {@code null}
	 * @param lease the near cache's lease
	 * @param mode how the server tracks
	 * @return the source, not started
	 */
	static InvalidationSource create(String backendName, LettuceConnectionFactory factory,
			@Nullable RedisConfiguration configuration, Duration lease, RedisTrackingMode mode) {
		Assert.notNull(mode, "'mode' must not be null");
		Assert.hasText(backendName, "'backendName' must not be empty");
		Assert.notNull(factory, "'factory' must not be null");
		BackendFailures.requirePositive("'lease'", lease);
		RedisTrackingSettings settings = (configuration != null) ? RedisTrackingSettings.of(backendName, configuration,
				factory.getClientConfiguration(), factory.getClientResources())
				: RedisTrackingSettings.of(backendName, factory);
		return new RedisTrackingSource(backendName, settings, lease, mode);
	}

}
