package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.valid.Greeting;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A JVM reads its own writes through a near cache, through every kind of reader: the
 * sequence that once read a value older than the write just made, through an object kept
 * across writes (its kept copy was re-served while another thread's invalidation of it
 * was still retiring it), repeated many times on a standalone server and on a cluster.
 */
class NearCacheReadYourWritesIntegrationTests {

	private static final int ITERATIONS = 10_000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(GreetingScan.class)
		.withPropertyValues("cacheobj.backends.redis.type=redis", "cacheobj.backends.redis.near-cache.enabled=true",
				"cacheobj.default-backend=redis");

	@Test
	void everyReaderReadsTheWriteJustMadeOnAStandaloneServer(@RealServer(Kind.REDIS) ManagedServer server) {
		RedisClient client = RedisClient.create(RedisURI.create(server.host(), server.port()));
		try (StatefulRedisConnection<String, String> raw = client.connect()) {
			raw.sync().set("Greeting.3.text", "server");
			this.contextRunner.withPropertyValues("cacheobj.backends.redis.url=redis://127.0.0.1:" + server.port())
				.run((context) -> writeAndReadBack(context, List.of("3"), "server"));
		}
		finally {
			client.shutdown();
		}
	}

	@Test
	void everyReaderReadsTheWriteJustMadeOnACluster(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		List<String> ids = idsOnEveryMaster(nodes);
		RedisClusterClient client = RedisClusterClient
			.create(RedisURI.create(nodes.get(0).host(), nodes.get(0).port()));
		try (StatefulRedisClusterConnection<String, String> raw = client.connect()) {
			ids.forEach((id) -> raw.sync().set("Greeting." + id + ".text", "start"));
			List<String> seeds = nodes.stream().map((node) -> node.host() + ":" + node.port()).toList();
			this.contextRunner.withPropertyValues("cacheobj.backends.redis.cluster-nodes=" + String.join(",", seeds))
				.run((context) -> writeAndReadBack(context, ids, "start"));
		}
		finally {
			client.shutdown();
		}
	}

	/**
	 * Write each id in turn through a fresh object, and read it back at once through an
	 * object held since the start, a fresh object, {@code getAsync()}, {@code load} and
	 * {@code loadAll} of every id.
	 */
	private void writeAndReadBack(AssertableApplicationContext context, List<String> ids, String initial) {
		assertThat(context).hasNotFailed();
		NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("redis");
		await().atMost(Duration.ofSeconds(10)).until(nearCache::isActive);
		CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
		Map<String, String> expected = new LinkedHashMap<>();
		Map<String, Greeting> held = new LinkedHashMap<>();
		for (String id : ids) {
			expected.put(id, initial);
			held.put(id, repository.get(Greeting.class, id));
			assertThat(held.get(id).text().get()).isEqualTo(initial);
		}
		for (int i = 0; i < ITERATIONS; i++) {
			String id = ids.get(i % ids.size());
			String value = "w-" + i;
			repository.get(Greeting.class, id).text().set(value);
			expected.put(id, value);
			assertThat(held.get(id).text().get()).as("held object after write %d", i).isEqualTo(value);
			assertThat(repository.get(Greeting.class, id).text().get()).as("fresh object after write %d", i)
				.isEqualTo(value);
			assertThat(repository.get(Greeting.class, id).text().getAsync().join()).as("getAsync after write %d", i)
				.isEqualTo(value);
			assertThat(repository.load(Greeting.class, id).text().getCached()).as("load after write %d", i)
				.isEqualTo(value);
			List<String> loaded = new ArrayList<>();
			repository.loadAll(Greeting.class, ids).forEach((greeting) -> loaded.add(greeting.text().getCached()));
			assertThat(loaded).as("loadAll after write %d", i).containsExactlyElementsOf(expected.values());
		}
		assertThat(nearCache.hits()).as("the near cache served the readers").isGreaterThan(ITERATIONS);
	}

	/** Ids whose keys live on every master of the cluster, two per master. */
	private static List<String> idsOnEveryMaster(List<ManagedServer> nodes) {
		RedisClusterClient client = RedisClusterClient
			.create(RedisURI.create(nodes.get(0).host(), nodes.get(0).port()));
		try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
			RedisAdvancedClusterCommands<String, String> commands = connection.sync();
			Map<String, List<String>> byMaster = new LinkedHashMap<>();
			long masters = connection.getPartitions().stream().filter((node) -> !node.getSlots().isEmpty()).count();
			for (int i = 0; byMaster.size() < masters
					|| byMaster.values().stream().anyMatch((ids) -> ids.size() < 2); i++) {
				String id = "c" + i;
				int slot = (int) commands.clusterKeyslot("Greeting." + id + ".text").longValue();
				String master = connection.getPartitions().getPartitionBySlot(slot).getNodeId();
				List<String> ids = byMaster.computeIfAbsent(master, (key) -> new ArrayList<>());
				if (ids.size() < 2) {
					ids.add(id);
				}
			}
			return byMaster.values().stream().flatMap(List::stream).toList();
		}
		finally {
			client.shutdown();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = Greeting.class)
	static class GreetingScan {

	}

}
