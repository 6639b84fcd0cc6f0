package io.cacheobj.autoconfigure.cache;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.cache.CacheObjCache;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through a Boot context and {@code @Cacheable} methods returning a record, a
 * {@code String} and a {@code Long}: whatever another client left under a method's key
 * that does not name its type (plain text, a number, a Python string, Spring Data Redis's
 * {@code @class} JSON, truncated JSON, JDK-serialized bytes) or names an untrusted type
 * is a miss, the method runs once, its result replaces the value, and no exception
 * reaches the caller; on memory, Redis standalone with a near cache, Redis Cluster and
 * memcached.
 */
class SpringCacheValueFormatIntegrationTests {

	private static final AtomicInteger ids = new AtomicInteger((int) (System.nanoTime() % 1_000_000));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class, CacheObjCacheAutoConfiguration.class))
		.withUserConfiguration(CatalogConfiguration.class);

	@Test
	void garbageIsAMissOnMemory() {
		this.contextRunner.run(this::everyGarbageFormIsAMiss);
	}

	@Test
	void garbageIsAMissOnRedisWithANearCache(@RealServer(Kind.REDIS) ManagedServer server) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port(),
					"cacheobj.backends.redis.near-cache.enabled=true", "cacheobj.default-backend=redis")
			.run(this::everyGarbageFormIsAMiss);
	}

	@Test
	void garbageIsAMissOnRedisCluster(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		List<String> seeds = nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
		this.contextRunner.withPropertyValues("cacheobj.backends.redis.type=redis",
				"cacheobj.backends.redis.cluster-nodes=" + String.join(",", seeds), "cacheobj.default-backend=redis")
			.run(this::everyGarbageFormIsAMiss);
	}

	@Test
	void garbageIsAMissOnMemcached(@RealServer(Kind.MEMCACHED) ManagedServer server) {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.mc.type=memcached",
					"cacheobj.backends.mc.servers=127.0.0.1:" + server.port(), "cacheobj.default-backend=mc")
			.run(this::everyGarbageFormIsAMiss);
	}

	private void everyGarbageFormIsAMiss(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		Catalog catalog = context.getBean(Catalog.class);
		Map<String, LongFunction<Object>> methods = new LinkedHashMap<>();
		methods.put("records", catalog::product);
		methods.put("texts", catalog::text);
		methods.put("numbers", catalog::number);
		Map<String, Object> expected = new LinkedHashMap<>();
		int forms = 0;
		for (Map.Entry<String, LongFunction<Object>> method : methods.entrySet()) {
			CacheObjCache cache = (CacheObjCache) context.getBean(CacheManager.class).getCache(method.getKey());
			for (byte[] garbage : garbage()) {
				long id = ids.incrementAndGet();
				cache.getNativeCache().set(storedKey(cache, id), StoredValue.of(garbage), null);
				Object first = method.getValue().apply(id);
				assertThat(first).isNotNull();
				assertThat(first.getClass().getName()).doesNotStartWith("[");
				assertThat(method.getValue().apply(id)).isEqualTo(first);
				assertThat(catalog.calls(id)).as(method.getKey() + " " + new String(garbage, StandardCharsets.UTF_8))
					.isEqualTo(1);
				expected.put(method.getKey() + id, first);
				forms++;
			}
			assertThat(cache.getDecodeErrorCount()).isEqualTo(garbage().size());
			assertThat(cache.getUntrustedTypeCount()).isEqualTo(1);
		}
		assertThat(forms).isEqualTo(3 * garbage().size());
	}

	private static String storedKey(CacheObjCache cache, long id) {
		String prefix = cache.getName() + "::";
		StoredValue version = cache.getNativeCache().get(prefix + "#v");
		if (version == null) {
			cache.get("probe");
			version = cache.getNativeCache().get(prefix + "#v");
		}
		return (version != null) ? prefix + new String(version.bytes(), StandardCharsets.UTF_8) + "::" + id
				: prefix + id;
	}

	private static List<byte[]> garbage() {
		return List.of(utf8("plain text from another client"), utf8("42"), utf8("\u0000not json{"),
				utf8("V'a Python str'\np0\n."),
				utf8("{\"@class\":\"io.cacheobj.autoconfigure.cache.SpringCacheValueFormatIntegrationTests$Product\","
						+ "\"id\":1,\"name\":\"sdr\"}"),
				utf8("[\"io.cacheobj.autoconfigure.cache.SpringCacheValueFormatIntegrationTests$Product\",{\"id\":"),
				new byte[] { (byte) 0xAC, (byte) 0xED, 0, 5, 't', 0, 3, 'a', 'b', 'c' },
				utf8("[\"io.cacheobj.outside.Parcel\",{\"id\":1,\"label\":\"old version\"}]"));
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	record Product(long id, String name) {

	}

	static class Catalog {

		private final Map<Long, AtomicInteger> calls = new ConcurrentHashMap<>();

		int calls(long id) {
			AtomicInteger count = this.calls.get(id);
			return (count != null) ? count.get() : 0;
		}

		private void called(long id) {
			this.calls.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@Cacheable("records")
		public Product product(long id) {
			called(id);
			return new Product(id, "product " + id);
		}

		@Cacheable("texts")
		public String text(long id) {
			called(id);
			return "text " + id;
		}

		@Cacheable("numbers")
		public Long number(long id) {
			called(id);
			return id * 7;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@AutoConfigurationPackage
	static class CatalogConfiguration {

		@Bean
		Catalog catalog() {
			return new Catalog();
		}

	}

}
