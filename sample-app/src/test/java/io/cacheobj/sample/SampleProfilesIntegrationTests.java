package io.cacheobj.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests the sample application's redis, memcached and composite profiles over HTTP,
 * against real servers.
 */
class SampleProfilesIntegrationTests {

	static final ManagedServer redis = TestServers.redis();

	static final ManagedServer memcached = TestServers.memcached();

	@AfterAll
	static void stopServers() {
		redis.close();
		memcached.close();
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + redis.port() + "/0");
		registry.add("MEMCACHED_SERVERS", () -> "127.0.0.1:" + memcached.port());
	}

	static HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return HttpClient.newHttpClient().send(request.build(), BodyHandlers.ofString());
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@ActiveProfiles("redis")
	class RedisProfile {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void usersLiveOnRedis() throws Exception {
			assertThat(this.context.getBean("redis")).isInstanceOf(RedisCacheBackend.class);
			send(this.port, "PUT", "/users/20", "{\"username\":\"rita\",\"name\":\"Rita R\"}");
			send(this.port, "POST", "/users/20/logins", null);
			assertThat(send(this.port, "GET", "/users/20", null).body())
				.isEqualTo("{\"id\":20,\"username\":\"rita\",\"name\":\"Rita R\"}");
			assertThat(redis.send("GET UserCache.20.username")).contains("rita");
			assertThat(redis.send("GET UserCache.20.logins")).contains("1");
			assertThat(redis.send("PTTL UserCache.20.name")).startsWith(":3");
		}

		@Test
		void nearCacheServesRepeatedReadsAndSeesWritesByOtherClients() throws Exception {
			NearCacheStatistics nearCache = this.context.getBean(CacheObjBinding.class)
				.nearCacheStatistics()
				.get("redis");
			await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
			send(this.port, "PUT", "/users/21", "{\"username\":\"nina\",\"name\":\"Nina N\"}");
			send(this.port, "GET", "/users/21", null);
			long hits = nearCache.hits();
			assertThat(send(this.port, "GET", "/users/21", null).body()).contains("\"username\":\"nina\"");
			assertThat(nearCache.hits()).isGreaterThan(hits);
			assertThat(redis.send("SET UserCache.21.username nora")).contains("OK");
			await().atMost(Duration.ofSeconds(5))
				.until(() -> send(this.port, "GET", "/users/21", null).body().contains("\"username\":\"nora\""));
		}

		@Test
		void quotesAreCachedOnRedis() throws Exception {
			String first = send(this.port, "GET", "/quotes/redis-kettle", null).body();
			assertThat(send(this.port, "GET", "/quotes/redis-kettle", null).body()).isEqualTo(first);
			assertThat(redis.send("GET quotes::redis-kettle")).contains("io.cacheobj.sample.QuoteService$Quote");
			assertThat(send(this.port, "DELETE", "/quotes/redis-kettle", null).statusCode()).isEqualTo(204);
			assertThat(redis.send("EXISTS quotes::redis-kettle")).isEqualTo(":0\r\n");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@ActiveProfiles("memcached")
	class MemcachedProfile {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void usersLiveOnMemcached() throws Exception {
			assertThat(this.context.getBean("memcached")).isInstanceOf(MemcachedCacheBackend.class);
			send(this.port, "PUT", "/users/30", "{\"username\":\"max\",\"name\":\"Max M\"}");
			assertThat(send(this.port, "POST", "/users/30/logins", null).body()).contains("\"logins\":1");
			assertThat(send(this.port, "GET", "/users/30", null).body()).contains("\"username\":\"max\"");
			assertThat(memcached.send("get UserCache.30.username")).contains("VALUE UserCache.30.username 16 3");
			assertThat(send(this.port, "DELETE", "/users/30", null).statusCode()).isEqualTo(204);
			assertThat(memcached.send("get UserCache.30.logins")).isEqualTo("END\r\n");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	@ActiveProfiles("composite")
	class CompositeProfile {

		@LocalServerPort
		int port;

		@Autowired
		ApplicationContext context;

		@Test
		void eachPropertyLivesOnItsOwnKindOfBackend() throws Exception {
			send(this.port, "PUT", "/users/40", "{\"username\":\"cora\",\"name\":\"Cora C\"}");
			send(this.port, "POST", "/users/40/logins", null);
			assertThat(send(this.port, "GET", "/users/40", null).body())
				.isEqualTo("{\"id\":40,\"username\":\"cora\",\"name\":\"Cora C\"}");
			CacheBackend local = this.context.getBean("local", CacheBackend.class);
			assertThat(local).isInstanceOf(MemoryCacheBackend.class);
			assertThat(local.get("UserCache.40.username")).isNotNull();
			assertThat(redis.send("GET UserCache.40.name")).contains("Cora C");
			assertThat(memcached.send("get UserCache.40.logins")).contains("VALUE UserCache.40.logins 2 1");
			assertThat(redis.send("EXISTS UserCache.40.username")).isEqualTo(":0\r\n");
		}

	}

}
