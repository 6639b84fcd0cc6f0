package io.cacheobj.jcache.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.jcache.CacheObjCachingProvider;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RedisSentinelGroup;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.TestServers;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * For the surefire executions {@code tck-redis}, {@code tck-redis-sentinel} and
 * {@code tck-redis-cluster} (system property {@code cacheobj.tck.backend} is
 * {@code redis}, {@code redis-sentinel} or {@code redis-cluster}, this test harness's
 * own): starts a redis-server on a free loopback port (a master, its replica and three
 * Sentinels; a cluster of three masters) and registers a binding on it, with the near
 * cache on in the starter's default tracking mode, as the provider's {@code default}
 * binding, the way an application's Boot context does. The provider itself reads no TCK
 * property.
 */
public class TckRedisBootstrap implements LauncherSessionListener {

	private final List<AutoCloseable> started = new ArrayList<>();

	private LettuceConnectionFactory factory;

	private CacheObjBinding binding;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		String backend = System.getProperty("cacheobj.tck.backend", "memory");
		if (backend.equals("memory")) {
			return;
		}
		this.factory = switch (backend) {
			case "redis" -> RedisTestSupport.connectionFactory(started(TestServers.redis()), Duration.ofSeconds(5));
			case "redis-cluster" -> {
				List<ManagedServer> nodes = TestServers.redisCluster();
				nodes.forEach(this::started);
				yield RedisTestSupport.clusterConnectionFactory(nodes);
			}
			case "redis-sentinel" -> {
				RedisSentinelGroup group = started(TestServers.redisSentinelGroup());
				RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
				configuration.master("mymaster");
				group.sentinels().forEach((sentinel) -> configuration.sentinel(sentinel.host(), sentinel.port()));
				LettuceConnectionFactory sentinel = new LettuceConnectionFactory(configuration);
				sentinel.afterPropertiesSet();
				sentinel.start();
				yield sentinel;
			}
			default -> throw new IllegalStateException("Unknown cacheobj.tck.backend " + backend);
		};
		RedisCacheBackend redis = RedisCacheBackend.create("redis", this.factory);
		this.binding = CacheObjBinding.builder()
			.backend("redis", redis, null)
			.nearCache("redis", 10_000, Duration.ofMinutes(5), Duration.ofSeconds(1),
					redis.optInInvalidations(Duration.ofSeconds(1)))
			.build();
		CacheObjCachingProvider.register("default", this.binding);
	}

	private <T extends AutoCloseable> T started(T server) {
		this.started.add(server);
		return server;
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		if (this.binding != null) {
			CacheObjCachingProvider.unregister("default", this.binding);
			this.binding.close();
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		for (AutoCloseable server : this.started) {
			try {
				server.close();
			}
			catch (Exception ex) {
				// the next server still needs stopping
			}
		}
	}

}
