package io.cacheobj.testsupport;

import java.time.Duration;
import java.util.List;

import io.cacheobj.backend.redis.RedisCacheBackend;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Redis backend connected to a test server or cluster, with the connection factory it
 * runs on; closing it disconnects.
 *
 * @param connectionFactory the started connection factory
 * @param backend the backend on it
 */
public record RedisBackendFixture(LettuceConnectionFactory connectionFactory,
		RedisCacheBackend backend) implements AutoCloseable {

	/**
	 * Connect a backend named {@code redis} to a standalone server.
	 * @param server the server
	 * @return the fixture
	 */
	public static RedisBackendFixture standalone(ManagedServer server) {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
		return new RedisBackendFixture(factory, RedisCacheBackend.create("redis", factory));
	}

	/**
	 * Connect a backend named {@code cluster} to a cluster.
	 * @param nodes the cluster's nodes
	 * @return the fixture
	 */
	public static RedisBackendFixture cluster(List<ManagedServer> nodes) {
		LettuceConnectionFactory factory = RedisTestSupport.clusterConnectionFactory(nodes);
		return new RedisBackendFixture(factory, RedisCacheBackend.create("cluster", factory));
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
	}

}
