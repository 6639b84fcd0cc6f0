package io.cacheobj.jcache.tck;

import java.time.Duration;

import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.jcache.CacheObjCachingProvider;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.TestServers;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * For the surefire execution {@code tck-redis} (system property
 * {@code cacheobj.tck.backend=redis}, this test harness's own): starts a redis-server on
 * a free loopback port and registers a binding on it, with the near cache on, as the
 * provider's {@code default} binding, the way an application's Boot context does. The
 * provider itself reads no TCK property.
 */
public class TckRedisBootstrap implements LauncherSessionListener {

	private ManagedServer server;

	private LettuceConnectionFactory factory;

	private CacheObjBinding binding;

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (!"redis".equals(System.getProperty("cacheobj.tck.backend"))) {
			return;
		}
		this.server = TestServers.redis();
		this.factory = RedisTestSupport.connectionFactory(this.server, Duration.ofSeconds(5));
		RedisCacheBackend backend = RedisCacheBackend.create("redis", this.factory);
		this.binding = CacheObjBinding.builder()
			.backend("redis", backend, null)
			.nearCache("redis", 10_000, Duration.ofMinutes(5), Duration.ofSeconds(1),
					backend.invalidations(Duration.ofSeconds(1)))
			.build();
		CacheObjCachingProvider.register("default", this.binding);
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		if (this.binding != null) {
			CacheObjCachingProvider.unregister("default", this.binding);
		}
		if (this.factory != null) {
			this.factory.destroy();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

}
