package io.cacheobj.backend.redis;

import java.time.Duration;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.backend.AbstractWriteBatchTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch scenario on a real Redis server: the server's command statistics show each
 * write as its own command, a delaying proxy shows one round trip and a handful of
 * flushes, and redis-py reads what the batch wrote.
 */
class RedisWriteBatchIntegrationTests extends AbstractWriteBatchTests {

	private static final Duration DELAY = Duration.ofMillis(200);

	private static ManagedServer server;

	private static RedisBackendFixture redis;

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS) ManagedServer started) {
		server = started;
		redis = RedisBackendFixture.standalone(started);
	}

	@AfterAll
	static void disconnect() {
		redis.close();
	}

	@Override
	protected CacheBackend backend() {
		return redis.backend();
	}

	@Override
	protected void execute(CacheWriteBatch batch) {
		RedisTestSupport.resetStats(server);
		batch.execute();
		assertThat(RedisTestSupport.calls(server, "set")).isEqualTo(3 * OBJECTS + OBJECTS - DELETED_SCORES);
		assertThat(RedisTestSupport.calls(server, "del")).isEqualTo(DELETED_SCORES);
		assertThat(RedisTestSupport.calls(server, "incrby")).isEqualTo(OBJECTS);
		assertThat(RedisTestSupport.calls(server, "get") + RedisTestSupport.calls(server, "mget")).isZero();
	}

	@Test
	void batchTakesOneRoundTripAndIsSentInAFewWrites() {
		try (TcpProxy proxy = TcpProxy.delaying(server, DELAY)) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", proxy.port()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(20)).build());
			factory.afterPropertiesSet();
			factory.start();
			try {
				CacheEntityRepository far = repository(RedisCacheBackend.create("far", factory));
				far.get(BatchUser.class, "warm").name.get();
				prepare(this.repository, this.prefix);
				CacheWriteBatch batch = batch(far, this.prefix);
				proxy.resetClientReads();
				long start = System.nanoTime();
				batch.execute();
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				System.out.println("Redis batch of 500 writes, 200 ms away: " + elapsed.toMillis() + " ms in "
						+ proxy.clientReads() + " reads by the proxy");
				assertThat(elapsed).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.multipliedBy(3));
				assertThat(proxy.clientReads()).isLessThan(10);
				assertApplied(this.repository, this.prefix);
			}
			finally {
				factory.destroy();
			}
		}
	}

	@Test
	void redisPyReadsWhatABatchWrote() {
		prepare(this.repository, this.prefix);
		batch(this.repository, this.prefix).execute();
		String printed = PythonInterop.run("redis", """
				import json
				r = redis.Redis(host='127.0.0.1', port=int(sys.argv[1]), decode_responses=True)
				p = 'BatchUser.' + sys.argv[2]
				print(r.get(p + '1.name'))
				print(int(r.get(p + '2.score')) + 1)
				print(json.loads(r.get(p + '4.address'))['street'])
				print(int(r.get(p + '4.logins')))
				print(r.get(p + '3.score'))
				""", Integer.toString(server.port()), this.prefix);
		assertThat(printed).isEqualTo("name 1\n3\nStreet 4\n15\nNone");
	}

}
