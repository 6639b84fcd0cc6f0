package io.cacheobj.backend.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import io.cacheobj.backend.redis.RedisTrackingSettings.Topology;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Which nodes a tracking source tracks: a standalone server or socket, fixed; the master
 * that Sentinel names; or every master of a cluster that serves slots. The discovered
 * ones are asked again periodically, from the source's thread only.
 */
interface TrackingTopology {

	/**
	 * Return the topology of the servers the settings describe.
	 * @param settings the settings
	 * @return the topology
	 */
	static TrackingTopology of(RedisTrackingSettings settings) {
		return switch (settings.topology()) {
			case SENTINEL -> new SentinelTopology(settings);
			case CLUSTER -> new ClusterTopology(settings);
			case STANDALONE, SOCKET -> new FixedTopology(settings);
		};
	}

	/**
	 * Return whether the nodes are discovered, so asked for periodically, rather than
	 * fixed.
	 */
	default boolean discovered() {
		return true;
	}

	/**
	 * Return the nodes to track from the start: a fixed topology's node, none for a
	 * discovered one.
	 * @return the nodes by address
	 */
	default Map<String, RedisURI> initial() {
		return Map.of();
	}

	/**
	 * Return the address of the node that serves a key, as {@link #discover} last saw it.
	 * @param key the key
	 * @return the node's address, or {@code null} when none is known to serve it
	 */
	@Nullable String ownerOf(String key);

	/**
	 * Ask the servers which nodes to track.
	 * @param servers how to reach them
	 * @return the nodes by address, or {@code null} when no server answered
	 */
	@Nullable Map<String, RedisURI> discover(Servers servers);

	/**
	 * What discovery may use of its source: connections and waits within the timeout,
	 * which restore the interrupt when interrupted.
	 */
	interface Servers {

		StatefulRedisConnection<String, String> connect(RedisURI uri) throws Exception;

		StatefulRedisSentinelConnection<String, String> connectSentinel(RedisURI uri) throws Exception;

		<T> T await(CompletionStage<T> stage) throws Exception;

		/**
		 * Return the connections armed now.
		 */
		Collection<StatefulRedisConnection<String, String>> armedConnections();

		/**
		 * Return the addresses of the nodes tracked now.
		 */
		Collection<RedisURI> trackedUris();

	}

	/**
	 * A standalone server or a socket.
	 */
	final class FixedTopology implements TrackingTopology {

		private final Map<String, RedisURI> node;

		private final String address;

		FixedTopology(RedisTrackingSettings settings) {
			this.address = settings.description();
			this.node = Map.of(this.address, settings.uris().get(0));
		}

		@Override
		public String ownerOf(String key) {
			return this.address;
		}

		@Override
		public boolean discovered() {
			return false;
		}

		@Override
		public Map<String, RedisURI> initial() {
			return this.node;
		}

		@Override
		public Map<String, RedisURI> discover(Servers servers) {
			return this.node;
		}

	}

	/**
	 * The master that Sentinel names ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), asked
	 * from the first sentinel that answers on a connection kept for the next checks.
	 */
	final class SentinelTopology implements TrackingTopology {

		private final RedisTrackingSettings settings;

		private @Nullable StatefulRedisSentinelConnection<String, String> sentinel;

		private volatile @Nullable String master;

		SentinelTopology(RedisTrackingSettings settings) {
			Assert.isTrue(settings.topology() == Topology.SENTINEL, "Not a Sentinel topology");
			this.settings = settings;
		}

		@Override
		public @Nullable String ownerOf(String key) {
			return this.master;
		}

		@Override
		public @Nullable Map<String, RedisURI> discover(Servers servers) {
			StatefulRedisSentinelConnection<String, String> connection = this.sentinel;
			List<@Nullable RedisURI> candidates = new ArrayList<>();
			if (connection != null) {
				candidates.add(null);
			}
			candidates.addAll(this.settings.uris());
			for (RedisURI candidate : candidates) {
				try {
					if (candidate != null) {
						this.sentinel = servers.connectSentinel(candidate);
					}
					StatefulRedisSentinelConnection<String, String> current = this.sentinel;
					Assert.state(current != null, "No sentinel connection");
					SocketAddress address = servers
						.await(current.async().getMasterAddrByName(this.settings.sentinelMaster()));
					if (!(address instanceof InetSocketAddress master)) {
						return null;
					}
					RedisURI uri = this.settings.node(master.getHostString(), master.getPort());
					String node = uri.getHost() + ":" + uri.getPort();
					this.master = node;
					return Map.of(node, uri);
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						return null;
					}
					StatefulRedisSentinelConnection<String, String> failed = this.sentinel;
					this.sentinel = null;
					if (failed != null) {
						failed.closeAsync();
					}
				}
			}
			return null;
		}

	}

	/**
	 * The masters of a cluster that serve slots, read with {@code CLUSTER NODES} from a
	 * tracking connection, else from a short-lived connection to a known node or a seed.
	 */
	final class ClusterTopology implements TrackingTopology {

		private final RedisTrackingSettings settings;

		private volatile @Nullable String @Nullable [] owners;

		ClusterTopology(RedisTrackingSettings settings) {
			Assert.isTrue(settings.topology() == Topology.CLUSTER, "Not a cluster topology");
			this.settings = settings;
		}

		@Override
		public @Nullable String ownerOf(String key) {
			String[] owners = this.owners;
			return (owners != null) ? owners[SlotHash.getSlot(key)] : null;
		}

		@Override
		public @Nullable Map<String, RedisURI> discover(Servers servers) {
			for (StatefulRedisConnection<String, String> connection : servers.armedConnections()) {
				try {
					return masters(servers.await(connection.async().clusterNodes()));
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						return null;
					}
				}
			}
			Set<RedisURI> candidates = new LinkedHashSet<>(servers.trackedUris());
			candidates.addAll(this.settings.uris());
			for (RedisURI uri : candidates) {
				StatefulRedisConnection<String, String> connection = null;
				try {
					connection = servers.connect(uri);
					return masters(servers.await(connection.async().clusterNodes()));
				}
				catch (Exception ex) {
					if (ex instanceof InterruptedException) {
						return null;
					}
				}
				finally {
					if (connection != null) {
						connection.closeAsync();
					}
				}
			}
			return null;
		}

		private Map<String, RedisURI> masters(String clusterNodes) {
			Map<String, RedisURI> masters = new LinkedHashMap<>();
			String[] owners = new String[SlotHash.SLOT_COUNT];
			for (RedisClusterNode node : ClusterPartitionParser.parse(clusterNodes)) {
				if (node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots() && node.getUri() != null) {
					RedisURI uri = this.settings.node(node.getUri().getHost(), node.getUri().getPort());
					String address = uri.getHost() + ":" + uri.getPort();
					masters.put(address, uri);
					for (int slot : node.getSlots()) {
						owners[slot] = address;
					}
				}
			}
			this.owners = owners;
			return masters;
		}

	}

}
