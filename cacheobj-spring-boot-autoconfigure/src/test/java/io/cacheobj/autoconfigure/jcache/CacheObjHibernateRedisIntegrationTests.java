package io.cacheobj.autoconfigure.jcache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.autoconfigure.jcache.hibernate.Account;
import io.cacheobj.autoconfigure.jcache.hibernate.Country;
import io.cacheobj.autoconfigure.jcache.hibernate.Named;
import io.cacheobj.autoconfigure.jcache.hibernate.Product;
import io.cacheobj.jcache.CacheObjJCacheManager;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RedisTestSupport;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate's second-level cache on cacheobj's JCache provider on one Redis server with
 * the near cache on, as two nodes of an application: two Boot contexts, each with its own
 * session factory and cache manager, over one database. What one node changes the other
 * reads at once; what another client deletes is a miss; an entity read twice is read from
 * the near cache, without a command to the server.
 */
class CacheObjHibernateRedisIntegrationTests {

	private static ApplicationContextRunner node(ManagedServer redis, String database, boolean nearCache) {
		return CacheObjHibernateJCacheTests.hibernate(database)
			.withPropertyValues("cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redis.port(),
					"cacheobj.backends.redis.near-cache.enabled=" + nearCache, "cacheobj.default-backend=redis");
	}

	@ParameterizedTest
	@ValueSource(classes = { Country.class, Product.class, Account.class })
	void aSecondNodeReadsTheFirstNodesEntriesFromRedis(Class<? extends Named> type,
			@RealServer(Kind.REDIS) ManagedServer redis) {
		String database = "nodes" + CacheObjHibernateJCacheTests.unique();
		ApplicationContextRunner first = node(redis, database, true);
		first.run((one) -> first.withPropertyValues("spring.jpa.hibernate.ddl-auto=none").run((two) -> {
			assertThat(one.getBean(javax.cache.CacheManager.class)).isInstanceOf(CacheObjJCacheManager.class)
				.isNotSameAs(two.getBean(javax.cache.CacheManager.class));
			HibernateNode writer = hibernateNode(one);
			HibernateNode reader = hibernateNode(two);
			long id = CacheObjHibernateJCacheTests.unique();
			writer.persist(CacheObjHibernateJCacheTests.newEntity(type, id, "shared " + id));
			writer.evictAll();
			assertThat(writer.read(type, id)).isEqualTo("shared " + id + "[a, b]");
			reader.statistics().clear();
			assertThat(reader.read(type, id)).isEqualTo("shared " + id + "[a, b]");
			assertThat(reader.statistics().getEntityStatistics(type.getName()).getCacheHitCount())
				.as("the entity, put by the other node")
				.isEqualTo(1);
			assertThat(reader.statistics().getCollectionStatistics(type.getName() + ".tags").getCacheHitCount())
				.as("its collection")
				.isEqualTo(1);
			assertThat(reader.statistics().getPrepareStatementCount()).as("no query to the database").isZero();
		}));
	}

	@ParameterizedTest
	@ValueSource(classes = { Product.class, Account.class })
	void anUpdateByOneNodeIsReadAtOnceByTheOtherThroughItsNearCache(Class<? extends Named> type,
			@RealServer(Kind.REDIS) ManagedServer redis) {
		String database = "update" + CacheObjHibernateJCacheTests.unique();
		ApplicationContextRunner first = node(redis, database, true);
		first.run((one) -> first.withPropertyValues("spring.jpa.hibernate.ddl-auto=none").run((two) -> {
			HibernateNode writer = hibernateNode(one);
			HibernateNode reader = hibernateNode(two);
			List<Long> delays = new ArrayList<>();
			for (int round = 0; round < 20; round++) {
				long id = CacheObjHibernateJCacheTests.unique();
				writer.persist(CacheObjHibernateJCacheTests.newEntity(type, id, "before " + id));
				assertThat(reader.read(type, id)).startsWith("before ");
				assertThat(reader.read(type, id)).as("held in the reader's near cache").startsWith("before ");
				writer.rename(type, id, "after " + id);
				delays.add(microsUntilRead(reader, type, id, "after "));
				assertThat(reader.idsNamed(type, "after " + id)).containsExactly(id);
				reader.rename(type, id, "again " + id);
				delays.add(microsUntilRead(writer, type, id, "again "));
			}
			delays.sort(null);
			System.out.printf(
					"%s: the other node read an update back within %d µs of its commit (median; that read included), %d µs (largest) of %d%n",
					type.getSimpleName(), delays.get(delays.size() / 2), delays.get(delays.size() - 1), delays.size());
		}));
	}

	/**
	 * Read an entity until its name starts as expected: the other node's update is seen
	 * once Redis's invalidation notice reaches this node's near cache
	 * (docs/near-cache.md: the only staleness), which must take less than half a second.
	 * @return how long it took, in microseconds
	 */
	private static long microsUntilRead(HibernateNode node, Class<? extends Named> type, long id, String expected) {
		long start = System.nanoTime();
		while (!node.read(type, id).startsWith(expected)) {
			assertThat(System.nanoTime() - start).as("the update of %s is read within 500 ms", id)
				.isLessThan(TimeUnit.MILLISECONDS.toNanos(500));
			Thread.onSpinWait();
		}
		return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - start);
	}

	@Test
	void anEntityReadAgainIsServedByTheNearCacheWithoutACommand(@RealServer(Kind.REDIS) ManagedServer redis) {
		node(redis, "near" + CacheObjHibernateJCacheTests.unique(), true).run((context) -> {
			HibernateNode node = hibernateNode(context);
			long id = CacheObjHibernateJCacheTests.unique();
			node.persist(CacheObjHibernateJCacheTests.newEntity(Account.class, id, "near " + id));
			node.read(Account.class, id);
			awaitHeld(node, redis, id);
			RedisTestSupport.resetStats(redis);
			node.statistics().clear();
			for (int i = 0; i < 100; i++) {
				assertThat(node.read(Account.class, id)).startsWith("near ");
			}
			assertThat(node.statistics().getEntityStatistics(Account.class.getName()).getCacheHitCount())
				.isEqualTo(100);
			assertThat(dataCommands(redis))
				.as(() -> "100 finds with their collection, held; near cache: "
						+ context.getBean(io.cacheobj.binding.CacheObjBinding.class)
							.nearCacheStatistics()
							.get("redis")
							.details())
				.isEmpty();
		});
	}

	@Test
	void aDeleteByAnotherClientIsAMiss(@RealServer(Kind.REDIS) ManagedServer redis) throws Exception {
		node(redis, "deleted" + CacheObjHibernateJCacheTests.unique(), true).run((context) -> {
			HibernateNode node = hibernateNode(context);
			long id = CacheObjHibernateJCacheTests.unique();
			node.persist(CacheObjHibernateJCacheTests.newEntity(Account.class, id, "deleted " + id));
			node.evictAll();
			node.read(Account.class, id);
			node.statistics().clear();
			node.read(Account.class, id);
			assertThat(node.statistics().getEntityStatistics(Account.class.getName()).getCacheHitCount()).isEqualTo(1);
			List<String> keys = keys(redis, "jcache:" + Account.class.getName() + "::*");
			assertThat(keys).hasSize(1);
			assertThat(RedisTestSupport.redisCliOutput(redis, "DEL", keys.get(0))).isEqualTo("1");
			node.statistics().clear();
			assertThat(node.read(Account.class, id)).startsWith("deleted ");
			assertThat(node.statistics().getEntityStatistics(Account.class.getName()).getCacheMissCount())
				.as("the near cache's copy went with the server's")
				.isEqualTo(1);
			assertThat(node.statistics().getEntityStatistics(Account.class.getName()).getCacheHitCount()).isZero();
			assertThat(keys(redis, "jcache:" + Account.class.getName() + "::*")).as("put again").hasSize(1);
		});
	}

	/**
	 * Counts the Redis commands of a find with an L2 hit and of an update's commit, with
	 * and without the near cache, and the bytes an entity takes; prints them for
	 * docs/jcache-hibernate.md and holds them to what the docs say.
	 */
	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void commandsPerFindAndPerUpdate(boolean nearCache, @RealServer(Kind.REDIS) ManagedServer redis) {
		node(redis, "counted" + CacheObjHibernateJCacheTests.unique(), nearCache).run((context) -> {
			HibernateNode node = hibernateNode(context);
			long id = CacheObjHibernateJCacheTests.unique();
			node.persist(CacheObjHibernateJCacheTests.newEntity(Account.class, id, "counted " + id));
			node.read(Account.class, id);
			node.read(Account.class, id);
			if (nearCache) {
				awaitHeld(node, redis, id);
			}
			RedisTestSupport.resetStats(redis);
			for (int i = 0; i < 10; i++) {
				node.read(Account.class, id);
			}
			Map<String, Long> find = dataCommands(redis);
			RedisTestSupport.resetStats(redis);
			for (int i = 0; i < 10; i++) {
				node.rename(Account.class, id, "counted " + i);
			}
			Map<String, Long> update = dataCommands(redis);
			List<String> stored = keys(redis, "jcache:" + Account.class.getName() + "::*");
			long bytes = Long.parseLong(RedisTestSupport.redisCliOutput(redis, "STRLEN", stored.get(0)));
			System.out.printf(
					"Hibernate READ_WRITE on Redis, near cache %s: per 10 finds %s, per 10 updates %s,"
							+ " entity entry %d bytes under a key of %d characters%n",
					nearCache, find, update, bytes, stored.get(0).length());
			if (nearCache) {
				assertThat(find).isEmpty();
			}
			else {
				assertThat(find).containsEntry("get", 20L).hasSize(1);
			}
			assertThat(update).as("an update's four puts (lock, new item, two timestamps) are a SET each")
				.containsEntry("set", 40L)
				.containsOnlyKeys("set", "get");
			assertThat(update.get("get")).as("its reads of the entry").isLessThanOrEqualTo(30);
			assertThat(bytes).isLessThan(600);
		});
	}

	/**
	 * Read an entity until a read sends no command: its entry and its collection's are
	 * held, and no invalidation notice of the writes that put them is still on its way.
	 */
	private static void awaitHeld(HibernateNode node, ManagedServer redis, long id) {
		for (int attempt = 0; attempt < 20; attempt++) {
			RedisTestSupport.resetStats(redis);
			node.read(Account.class, id);
			if (dataCommands(redis).isEmpty()) {
				return;
			}
		}
		throw new AssertionError("Reading " + id + " sends commands after 20 reads: " + dataCommands(redis));
	}

	private static HibernateNode hibernateNode(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return new HibernateNode(context.getBean(EntityManagerFactory.class));
	}

	/** The commands that ran since the statistics were reset, but the server's own. */
	private static Map<String, Long> dataCommands(ManagedServer redis) {
		Map<String, Long> calls = new TreeMap<>();
		Matcher matcher = Pattern.compile("cmdstat_([a-z|]+):calls=(\\d+)").matcher(redis.send("INFO commandstats"));
		while (matcher.find()) {
			String command = matcher.group(1);
			if (!List
				.of("info", "config|resetstat", "ping", "client|tracking", "subscribe", "hello", "client|id",
						"client|setname", "client|setinfo", "client|list", "config|get")
				.contains(command)) {
				calls.put(command, Long.parseLong(matcher.group(2)));
			}
		}
		return calls;
	}

	private static List<String> keys(ManagedServer redis, String pattern) {
		String output = RedisTestSupport.redisCliOutput(redis, "--scan", "--pattern", pattern);
		return output.isEmpty() ? List.of() : List.of(output.split("\n"));
	}

}
