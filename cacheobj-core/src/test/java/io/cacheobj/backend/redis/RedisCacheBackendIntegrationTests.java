package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.AbstractCacheBackendContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.RedisTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisCacheBackend} against a real Redis server.
 */
class RedisCacheBackendIntegrationTests extends AbstractCacheBackendContractTests {

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
	protected boolean storesFlags() {
		return false;
	}

	@Test
	void destroyLeavesAConnectionFactoryItDoesNotOwn() throws Exception {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
		try {
			RedisCacheBackend.create("borrowed", factory).destroy();
			assertThat(factory.isRunning()).isTrue();
			RedisCacheBackend.createOwning("owned", factory).destroy();
			assertThat(factory.isRunning()).isFalse();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void valueIsAPlainRedisString() {
		redis.backend().set(key("plain"), text("héllo"), null);
		assertThat(server.send("GET " + key("plain"))).isEqualTo("$6\r\nhéllo\r\n");
	}

	@Test
	void timeToLiveIsWrittenWithTheValueInOneSet() {
		RedisTestSupport.resetStats(server);
		redis.backend().set(key("ttl"), text("v"), Duration.ofSeconds(100));
		assertThat(RedisTestSupport.calls(server, "set")).isEqualTo(1);
		assertThat(RedisTestSupport.calls(server, "expire") + RedisTestSupport.calls(server, "pexpire")).isZero();
		String pttl = server.send("PTTL " + key("ttl"));
		assertThat(Long.parseLong(pttl.substring(1).trim())).isBetween(90_000L, 100_000L);
	}

	@Test
	void bulkReadIsOneMgetAndNoGet() {
		redis.backend().set(key("a"), text("A"), null);
		redis.backend().set(key("b"), text("B"), null);
		RedisTestSupport.resetStats(server);
		assertThat(redis.backend().getAll(List.of(key("a"), key("b"), key("c")))).hasSize(2);
		assertThat(RedisTestSupport.calls(server, "mget")).isEqualTo(1);
		assertThat(RedisTestSupport.calls(server, "get")).isZero();
	}

	@Test
	void veryLargeBulkReadIsSplitIntoChunks() {
		List<String> keys = new java.util.ArrayList<>();
		for (int i = 0; i < 2500; i++) {
			keys.add(key("chunk." + i));
		}
		RedisTestSupport.resetStats(server);
		redis.backend().getAll(keys);
		assertThat(RedisTestSupport.calls(server, "mget")).isEqualTo(3);
	}

	@Test
	void bulkDeleteIsOneDel() {
		redis.backend().set(key("a"), text("A"), null);
		redis.backend().set(key("b"), text("B"), null);
		RedisTestSupport.resetStats(server);
		assertThat(redis.backend().deleteAll(List.of(key("a"), key("b")))).isEqualTo(2);
		assertThat(RedisTestSupport.calls(server, "del")).isEqualTo(1);
	}

	@Test
	void counterIsIncrby() {
		RedisTestSupport.resetStats(server);
		redis.backend().increment(key("n"), 3, null);
		assertThat(RedisTestSupport.calls(server, "incrby")).isEqualTo(1);
		assertThat(server.send("GET " + key("n"))).isEqualTo("$1\r\n3\r\n");
	}

	@Test
	void counterCreatedWithTimeToLiveHasIt() {
		redis.backend().increment(key("n"), 1, Duration.ofSeconds(100));
		String pttl = server.send("PTTL " + key("n"));
		assertThat(Long.parseLong(pttl.substring(1).trim())).isBetween(90_000L, 100_000L);
		server.send("PERSIST " + key("n"));
		redis.backend().increment(key("n"), 1, Duration.ofSeconds(100));
		assertThat(server.send("PTTL " + key("n"))).isEqualTo(":-1\r\n");
	}

	@Test
	void serverThatIsDownFailsWithinTheTimeoutAndRecoversWhenItReturns(@RealServer(Kind.REDIS) ManagedServer own) {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(own, Duration.ofMillis(500));
		try {
			RedisCacheBackend fragile = RedisCacheBackend.create("fragile", factory);
			fragile.set("k", StoredValue.of("v".getBytes(StandardCharsets.UTF_8)), null);
			own.kill();
			long start = System.nanoTime();
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> fragile.get("k"))
				.withMessageContaining("'fragile'")
				.withMessageContaining("'k'");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
			own.start();
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
				fragile.set("k", StoredValue.of("back".getBytes(StandardCharsets.UTF_8)), null);
				return true;
			});
			assertThat(fragile.get("k").bytes()).isEqualTo("back".getBytes(StandardCharsets.UTF_8));
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void serverThatDoesNotAnswerFailsWithinTheTimeout(@RealServer(Kind.REDIS) ManagedServer own) {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(own, Duration.ofMillis(300));
		try {
			RedisCacheBackend slow = RedisCacheBackend.create("slow", factory);
			slow.set("k", StoredValue.of(new byte[] { 1 }), null);
			own.signal("STOP");
			try {
				long start = System.nanoTime();
				assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> slow.get("k"))
					.withMessageContaining("'slow'");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
			}
			finally {
				own.signal("CONT");
			}
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> slow.get("k") != null);
		}
		finally {
			factory.destroy();
		}
	}

}
