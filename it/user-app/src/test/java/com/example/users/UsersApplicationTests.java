package com.example.users;

import java.time.Duration;

import com.example.users.UserCache.Address;
import io.cacheobj.CacheEntityRepository;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the application on the Boot line it is built with, on an ACL-protected Redis
 * with a near cache, memcached and memory, and uses every backend.
 */
@SpringBootTest
class UsersApplicationTests {

	static final Servers redis = Servers.redis("--user", "default", "off", "--user", "app", "on", ">app-pw", "~*", "&*",
			"+@all");

	static final Servers memcached = Servers.memcached();

	@Autowired
	CacheEntityRepository repository;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("REDIS_URL", () -> "redis://app:app-pw@127.0.0.1:" + redis.port() + "/0");
		registry.add("MEMCACHED_SERVERS", () -> "127.0.0.1:" + memcached.port());
	}

	@AfterAll
	static void stopServers() {
		redis.close();
		memcached.close();
	}

	@Test
	void runsOnTheBootLineItIsBuiltWith() {
		assertThat(SpringBootVersion.getVersion()).isEqualTo(System.getProperty("expected.spring-boot.version"));
	}

	@Test
	void everyBackendServes() {
		UserCache user = this.repository.get(UserCache.class, 10);
		user.username.set("ada");
		user.address.set(new Address("London", 1815));
		assertThat(user.logins.incrementAndGet()).isEqualTo(1);
		assertThat(user.logins.incrementAndGet()).isEqualTo(2);
		UserCache loaded = this.repository.load(UserCache.class, 10);
		assertThat(loaded.username.getCached()).isEqualTo("ada");
		assertThat(loaded.address.getCached()).isEqualTo(new Address("London", 1815));
		assertThat(loaded.logins.get()).isEqualTo(2);
	}

	@Test
	void nearCachedRedisValuesFollowAnotherClientsWrites() {
		UserCache user = this.repository.get(UserCache.class, 11);
		user.address.set(new Address("Paris", 75));
		assertThat(this.repository.get(UserCache.class, 11).address.get()).isEqualTo(new Address("Paris", 75));
		RedisClient client = RedisClient.create("redis://app:app-pw@127.0.0.1:" + redis.port() + "/0");
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			assertThat(connection.sync().get("UserCache.11.address")).contains("Paris");
			connection.sync().set("UserCache.11.address", "{\"city\":\"Lyon\",\"zip\":69}");
		}
		finally {
			client.shutdown();
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(this.repository.get(UserCache.class, 11).address.get())
				.isEqualTo(new Address("Lyon", 69)));
	}

}
