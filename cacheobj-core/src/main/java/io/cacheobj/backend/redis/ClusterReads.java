package io.cacheobj.backend.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;

/**
 * Bulk reads on a Redis Cluster: one {@link RedisScripts#GET_EACH} call per node for the
 * keys of all the slots it serves, sent to every node at once, where Lettuce's cluster
 * {@code MGET} would send one command per slot. A node that cannot run the script (an
 * older Redis) makes every later read fall back to the per-slot reads; a slot migrating
 * makes only that node's part of one read fall back.
 */
final class ClusterReads {

	private static final byte[][] NO_KEYS = new byte[0][];

	private final StatefulRedisClusterConnection<byte[], byte[]> cluster;

	private final Function<byte[][], CompletableFuture<byte[][]>> perSlot;

	/** Whether the cluster's nodes run the reading script (Redis 7 and later). */
	private volatile boolean scripts = true;

	/**
	 * Create the reads of one cluster connection.
	 * @param cluster the connection
	 * @param perSlot the fallback, Lettuce's cluster {@code MGET}, answering in the order
	 * of the keys
	 */
	ClusterReads(StatefulRedisClusterConnection<byte[], byte[]> cluster,
			Function<byte[][], CompletableFuture<byte[][]>> perSlot) {
		this.cluster = cluster;
		this.perSlot = perSlot;
	}

	/**
	 * Read many keys.
	 * @param keys the keys
	 * @return the values, {@code null} where a key has none, in the order of the keys
	 */
	CompletableFuture<byte[][]> read(byte[][] keys) {
		if (!this.scripts) {
			return this.perSlot.apply(keys);
		}
		Partitions partitions = this.cluster.getPartitions();
		Map<String, List<Integer>> byNode = new LinkedHashMap<>();
		for (int i = 0; i < keys.length; i++) {
			RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(keys[i]));
			if (node == null) {
				return this.perSlot.apply(keys);
			}
			byNode.computeIfAbsent(node.getNodeId(), (id) -> new ArrayList<>()).add(i);
		}
		byte[][] values = new byte[keys.length][];
		List<CompletableFuture<Void>> reads = new ArrayList<>(byNode.size());
		byNode.forEach((nodeId, indexes) -> {
			byte[][] nodeKeys = new byte[indexes.size()][];
			for (int i = 0; i < nodeKeys.length; i++) {
				nodeKeys[i] = keys[indexes.get(i)];
			}
			reads.add(readOnNode(nodeId, nodeKeys).thenAccept((nodeValues) -> {
				for (int i = 0; i < nodeValues.length; i++) {
					values[indexes.get(i)] = nodeValues[i];
				}
			}));
		});
		return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply((all) -> values);
	}

	private CompletableFuture<byte[][]> readOnNode(String nodeId, byte[][] keys) {
		return this.cluster.getConnectionAsync(nodeId)
			.thenCompose((node) -> node.async()
				.<List<Object>>eval(RedisScripts.GET_EACH, ScriptOutputType.MULTI, NO_KEYS, keys)
				.toCompletableFuture())
			.thenApply((found) -> {
				byte[][] values = new byte[found.size()][];
				for (int i = 0; i < values.length; i++) {
					values[i] = (byte[]) found.get(i);
				}
				return values;
			})
			.exceptionallyCompose((ex) -> {
				if (!String.valueOf(ex.getMessage()).contains("non local key")) {
					this.scripts = false;
				}
				return this.perSlot.apply(keys);
			});
	}

}
