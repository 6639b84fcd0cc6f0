package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.AbstractAtomicEntityContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisBackendFixture;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.ValueTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Entities on a real Redis server: value types, bulk loads measured by the server's
 * command statistics, failures, and the Python library's keys and values.
 */
class RedisEntityIntegrationTests extends AbstractAtomicEntityContractTests {

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
	protected void writeRaw(String key, byte[] value) {
		try (RedisConnection connection = redis.connectionFactory().getConnection()) {
			connection.stringCommands().set(key.getBytes(StandardCharsets.UTF_8), value);
		}
	}

	@Override
	protected byte[] readRaw(String key) {
		try (RedisConnection connection = redis.connectionFactory().getConnection()) {
			return connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void loadAllOfManyObjectsIsOneMgetAndNoGet() {
		// 76 objects of 13 values each: 988 keys, one chunk.
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 76; i++) {
			ids.add(this.id + "-" + i);
			this.repository.get(ValueTypes.class, this.id + "-" + i).text.set("v" + i);
		}
		RedisTestSupport.resetStats(server);
		List<ValueTypes> loaded = this.repository.loadAll(ValueTypes.class, ids);
		assertThat(loaded.get(75).text.getCached()).isEqualTo("v75");
		assertThat(RedisTestSupport.calls(server, "mget")).isEqualTo(1);
		assertThat(RedisTestSupport.calls(server, "get")).isZero();
		RedisTestSupport.resetStats(server);
		assertThat(this.repository.findById(ValueTypes.class, this.id + "-5")).isPresent();
		this.repository.load(ValueTypes.class, this.id + "-6");
		assertThat(RedisTestSupport.calls(server, "mget")).isEqualTo(2);
		assertThat(RedisTestSupport.calls(server, "get")).isZero();
	}

	@Test
	void whatRedisPyWritesIsReadAsTheProperty() {
		PythonInterop.run("redis", """
				r = redis.Redis(host='127.0.0.1', port=int(sys.argv[1]))
				r.set('UserCache.10.username', 'pythonista')
				r.set('UserCache.10.name', 'Py Thon')
				r.set('UserCache.10.visits', 41)
				""", Integer.toString(server.port()));
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("redis", redis.backend(), null)
			.defaultBackend("redis")
			.build()
			.repository();
		UserCache user = repository.load(UserCache.class, 10);
		assertThat(user.username.getCached()).isEqualTo("pythonista");
		assertThat(user.name.getCached()).isEqualTo("Py Thon");
		assertThat(user.visits.incrementAndGet()).isEqualTo(42);
	}

	@Test
	void whatCacheobjWritesIsReadByRedisPy() {
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("redis", redis.backend(), null)
			.defaultBackend("redis")
			.build()
			.repository();
		UserCache user = repository.get(UserCache.class, 11);
		user.username.set("javanese ☕");
		user.visits.addAndGet(7);
		String printed = PythonInterop.run("redis", """
				r = redis.Redis(host='127.0.0.1', port=int(sys.argv[1]), decode_responses=True)
				print(r.get('UserCache.11.username'))
				print(int(r.get('UserCache.11.visits')) + 1)
				""", Integer.toString(server.port()));
		assertThat(printed).isEqualTo("javanese ☕\n8");
	}

	@Test
	void otherBackendsKeepWorkingWhileRedisIsDown(@RealServer(Kind.REDIS) ManagedServer own) {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(own, Duration.ofMillis(500));
		try {
			CacheEntityRepository repository = CacheObjBinding.builder()
				.backend("local", MemoryCacheBackend.builder("local").build(), null)
				.backend("redis", RedisCacheBackend.create("redis", factory), null)
				.defaultBackend("local")
				.build()
				.repository();
			Split split = repository.get(Split.class, 1);
			split.remote.set("r");
			own.kill();
			split.local.set("still here");
			assertThat(split.local.get()).isEqualTo("still here");
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(split.remote::get)
				.withMessageContaining("'redis'")
				.withMessageContaining("'Split.1.remote'");
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> repository.load(Split.class, 1));
			own.start();
			await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
				split.remote.set("again");
				return true;
			});
			assertThat(repository.load(Split.class, 1).remote.getCached()).isEqualTo("again");
		}
		finally {
			factory.destroy();
		}
	}

	@CacheEntity
	static class UserCache {

		@CacheId
		Long id;

		@CachedProperty
		CachedValue<String> username;

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty
		CachedCounter visits;

	}

	@CacheEntity
	static class Split {

		@CachedProperty
		CachedValue<String> local;

		@CachedProperty(backend = "redis")
		CachedValue<String> remote;

	}

}
