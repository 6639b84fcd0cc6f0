package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.AbstractRoundTripTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.ServerStats;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The round-trip table of a master found through Sentinel, counted by the master's
 * {@code INFO commandstats}: the same as a standalone server's, since Sentinel is asked
 * only at connection. Sentinel's own {@code PING} and {@code PUBLISH} to the master are
 * not counted.
 */
class RedisSentinelRoundTripIntegrationTests extends AbstractRoundTripTests {

	/**
	 * What Sentinel itself sends the master it monitors, every second or two, besides
	 * {@code INFO}.
	 */
	private static final List<String> SENTINEL_COMMANDS = List.of("ping", "publish");

	private static ManagedServer master;

	private static ManagedServer sentinel;

	private static LettuceConnectionFactory factory;

	private static RedisCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS) ManagedServer started) {
		master = started;
		sentinel = TestServers.redisSentinel(started);
		factory = new LettuceConnectionFactory(
				new RedisSentinelConfiguration().master("mymaster").sentinel(sentinel.host(), sentinel.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		factory.afterPropertiesSet();
		factory.start();
		backend = RedisCacheBackend.create("sentinel", factory);
	}

	@AfterAll
	static void disconnect() {
		factory.destroy();
		sentinel.close();
	}

	@Override
	protected String topology() {
		return "Sentinel";
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	@Override
	protected Map<String, Long> commands() {
		Map<String, Long> commands = ServerStats.redis(List.of(master));
		SENTINEL_COMMANDS.forEach(commands::remove);
		return commands;
	}

	@Override
	protected void beforeCacheClear() {
		master.send("FLUSHALL");
	}

	@Override
	protected Map<String, Expected> expected(Path path) {
		return RedisRoundTripIntegrationTests.redisTable(path, 1);
	}

}
