package io.cacheobj.backend.redis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RecordingInvalidationListener;
import io.cacheobj.testsupport.RedisTestSupport;
import io.cacheobj.testsupport.TestServers;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisInvalidations} against a real Redis Cluster of three masters.
 */
class RedisInvalidationsClusterIntegrationTests {

	@Test
	void keysOnEveryMasterAreInvalidated(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		try (Cluster cluster = new Cluster(nodes, "cluster")) {
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				keys.add("c:" + i);
			}
			assertThat(keys.stream().map(ClusterSlotHashUtil::calculateSlot).distinct().count()).isGreaterThan(250);
			keys.forEach((key) -> cluster.redis().sync().set(key, "v"));
			cluster.redis().sync().set("elsewhere", "v");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cluster.listener.events())
					.containsAll(keys.stream().map((key) -> "invalidate " + key).toList()));
			assertThat(cluster.listener.events()).doesNotContain("invalidate elsewhere", "tracking false");
			assertThat(cluster.source.isTracking()).isTrue();
			Map<String, Object> details = cluster.source.details();
			assertThat(details).containsEntry("tracking", true)
				.containsEntry("topology", "cluster")
				.containsEntry("mode", "broadcast")
				.containsEntry("invalidations", 300L);
			assertThat(details.get("nodes")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsOnlyKeys(nodes.stream().map((node) -> node.host() + ":" + node.port()).toArray())
				.containsValues(true);
			for (ManagedServer node : nodes) {
				assertThat(node.send("CLIENT LIST")).contains("name=cacheobj-tracking-cluster ");
			}
		}
	}

	@Test
	void optInReadsEachKeyOnTheMasterOfItsSlotAndReportsOnlyThose(
			@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) throws Exception {
		try (Cluster cluster = new Cluster(nodes, "optin", RedisTrackingMode.OPTIN)) {
			List<String> keys = new ArrayList<>();
			for (int i = 0; i < 60; i++) {
				keys.add("c:" + i);
				cluster.redis().sync().set("c:" + i, "v" + i);
			}
			List<String> read = keys.subList(0, 30);
			List<@Nullable StoredValue> values = cluster.source.readAllToKeep(read).get(5, TimeUnit.SECONDS);
			assertThat(values).hasSize(30);
			for (int i = 0; i < 30; i++) {
				assertThat(new String(values.get(i).bytes(), StandardCharsets.UTF_8)).isEqualTo("v" + i);
			}
			assertThat(cluster.source.readToKeep("c:59").get(5, TimeUnit.SECONDS)).isNotNull();
			for (ManagedServer node : nodes) {
				assertThat(node.send("INFO").contains("tracking_total_keys:0")).isFalse();
			}
			keys.forEach((key) -> cluster.redis().sync().set(key, "w"));
			List<String> expected = new ArrayList<>(read.stream().map((key) -> "invalidate " + key).toList());
			expected.add("invalidate c:59");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cluster.listener.events()).containsAll(expected));
			assertThat(cluster.listener.events()).hasSize(expected.size() + 1);
			assertThat(cluster.source.details()).containsEntry("mode", "optin");
		}
	}

	@Test
	void restartedMasterIsTrackedAgain(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		try (Cluster cluster = new Cluster(nodes, "restarted")) {
			ManagedServer master = nodes.get(1);
			master.kill();
			cluster.listener.awaitTracking(false);
			master.start();
			cluster.listener.awaitTracking(true);
			assertThat(cluster.listener.events()).containsExactly("tracking true", "tracking false", "tracking true");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nodes.stream().allMatch((node) -> node.send("CLUSTER INFO").contains("cluster_state:ok")));
			int from = cluster.listener.size();
			for (int i = 0; i < 50; i++) {
				cluster.redis().sync().set("c:" + i, "v");
			}
			for (int i = 0; i < 50; i++) {
				cluster.listener.awaitEventSince(from, "invalidate c:" + i);
			}
			assertThat(cluster.source.details()).containsEntry("reconnects", 1L);
		}
	}

	@Test
	void newMasterIsTrackedOnceSeen(@RealServer(Kind.REDIS_CLUSTER) List<ManagedServer> nodes) {
		ManagedServer added = TestServers.redis("--cluster-enabled", "yes", "--cluster-node-timeout", "2000");
		try (Cluster cluster = new Cluster(nodes, "grown"); added) {
			ManagedServer seed = nodes.get(0);
			redisCli("--cluster", "add-node", address(added), address(seed));
			await().atMost(Duration.ofSeconds(30)).until(() -> added.send("CLUSTER INFO").contains("cluster_state:ok"));
			String addedId = added.send("CLUSTER MYID").lines().skip(1).findFirst().orElseThrow().trim();
			// The reshard moves slots from every master to the new one, which each must
			// know by gossip first, or it refuses with "I don't know about node".
			await().atMost(Duration.ofSeconds(30))
				.until(() -> nodes.stream().allMatch((node) -> node.send("CLUSTER NODES").contains(addedId)));
			redisCli("--cluster", "reshard", address(seed), "--cluster-from", "all", "--cluster-to", addedId,
					"--cluster-slots", "100", "--cluster-yes");
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(cluster.source.details().get("nodes"))
					.asInstanceOf(InstanceOfAssertFactories.MAP)
					.containsEntry(address(added), true)
					.hasSize(4));
			assertThat(cluster.listener.events()).containsExactly("tracking true", "tracking false", "tracking true");
			assertThat(cluster.source.details()).containsEntry("topologyChanges", 1L);
			cluster.client.refreshPartitions();
			int from = cluster.listener.size();
			for (int i = 0; i < 300; i++) {
				cluster.redis().sync().set("c:" + i, "v");
			}
			for (int i = 0; i < 300; i++) {
				cluster.listener.awaitEventSince(from, "invalidate c:" + i);
			}
			assertThat(added.send("CLIENT LIST")).contains("name=cacheobj-tracking-grown ");
		}
	}

	private static String address(ManagedServer server) {
		return server.host() + ":" + server.port();
	}

	private static void redisCli(String... arguments) {
		List<String> command = new ArrayList<>(List.of("redis-cli"));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(process.exitValue()).as(output).isZero();
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-cli is missing: install Debian's redis-tools", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A started source on a cluster, its listener, and a raw cluster client for writes.
	 */
	private static final class Cluster implements AutoCloseable {

		final LettuceConnectionFactory factory;

		final InvalidationSource source;

		final RecordingInvalidationListener listener = new RecordingInvalidationListener();

		final RedisClusterClient client;

		final StatefulRedisClusterConnection<String, String> connection;

		Cluster(List<ManagedServer> nodes, String name) {
			this(nodes, name, RedisTrackingMode.BROADCAST);
		}

		Cluster(List<ManagedServer> nodes, String name, RedisTrackingMode mode) {
			this.factory = RedisTestSupport.clusterConnectionFactory(nodes);
			this.source = RedisInvalidations.create(name, this.factory, null, Duration.ofSeconds(1), mode);
			this.source.start(List.of("c:"), this.listener);
			this.listener.awaitTracking(true);
			this.client = RedisClusterClient
				.create(nodes.stream().map((node) -> RedisURI.create(node.host(), node.port())).toList());
			this.connection = this.client.connect();
		}

		StatefulRedisClusterConnection<String, String> redis() {
			return this.connection;
		}

		@Override
		public void close() {
			this.source.close();
			this.connection.close();
			this.client.shutdown(0, 2, TimeUnit.SECONDS);
			this.factory.destroy();
		}

	}

}
