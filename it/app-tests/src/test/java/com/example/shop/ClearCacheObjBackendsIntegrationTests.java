package com.example.shop;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.test.autoconfigure.AutoConfigureCacheObj;
import io.cacheobj.test.autoconfigure.AutoConfigureCacheObj.Replace;
import io.cacheobj.test.autoconfigure.CacheObjTest;
import io.cacheobj.test.autoconfigure.ClearCacheObjBackends;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

/**
 * {@code @ClearCacheObjBackends} against a real redis-server and memcached that the test
 * starts: it empties them when the test names them, and refuses them otherwise.
 */
@CacheObjTest
@AutoConfigureCacheObj(replace = Replace.NONE)
@ClearCacheObjBackends(remote = { "redis", "sessions" })
class ClearCacheObjBackendsIntegrationTests {

	private static ManagedServer redis;

	private static ManagedServer memcached;

	@Autowired
	private CacheEntityRepository repository;

	@BeforeAll
	static void startServersAndLeaveValuesOnThem() {
		redis = TestServers.redis();
		memcached = TestServers.memcached();
		assertThat(redis.send("SET CartCache.1.owner leftover")).startsWith("+OK");
		assertThat(memcached.send("set CartCache.1.items 0 0 1\r\n5")).startsWith("STORED");
	}

	@AfterAll
	static void stopServers() {
		redis.close();
		memcached.close();
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("cacheobj.backends.redis.url", () -> "redis://127.0.0.1:" + redis.port() + "/0");
		registry.add("cacheobj.backends.sessions.servers", () -> "127.0.0.1:" + memcached.port());
	}

	@Test
	void theServersTheTestStartedAreEmptiedBeforeEachTest() {
		assertThat(redis.send("EXISTS CartCache.1.owner")).startsWith(":0");
		assertThat(memcached.send("get CartCache.1.items")).startsWith("END");
		CartCache cart = this.repository.get(CartCache.class, 1L);
		assertThat(cart.owner.get()).isNull();
		assertThat(cart.items.get()).isZero();
	}

	@Test
	void aServerTheTestDoesNotNameIsRefusedAndKeepsItsValues() {
		assertThat(redis.send("SET CartCache.2.owner kept")).startsWith("+OK");
		EngineTestKit.engine("junit-jupiter")
			.selectors(selectClass(UnnamedServers.class))
			.execute()
			.testEvents()
			.assertThatEvents()
			.haveExactly(1,
					event(finishedWithFailure(instanceOf(IllegalStateException.class),
							message((text) -> text.contains("will not empty backend 'redis' (redis://127.0.0.1:"
									+ redis.port() + "/0): it is not named in @ClearCacheObjBackends")))));
		assertThat(redis.send("GET CartCache.2.owner")).contains("kept");
	}

	/**
	 * Run by {@link #aServerTheTestDoesNotNameIsRefusedAndKeepsItsValues()}: the same
	 * servers, not named.
	 */
	@CacheObjTest
	@AutoConfigureCacheObj(replace = Replace.NONE)
	@ClearCacheObjBackends
	static class UnnamedServers {

		@DynamicPropertySource
		static void servers(DynamicPropertyRegistry registry) {
			ClearCacheObjBackendsIntegrationTests.servers(registry);
		}

		@Test
		void runs() {
		}

	}

}
