package io.cacheobj.backend.redis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.cacheobj.backend.StoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ByteArrayOutput;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;

/**
 * The reads of a near cache in {@link RedisTrackingMode#OPTIN} mode, made on a tracking
 * connection armed in the server's default tracking mode ({@code CLIENT TRACKING ON}):
 * the server tracks every key read on it, and nothing else is read there, so each key the
 * near cache fills from is opted in and no other. Each read is one command, so no other
 * thread's command can come between an opt-in and its read: Lettuce writes the commands
 * of one batch as separate writes, which a {@code CLIENT CACHING YES} before each read on
 * a shared connection would need to be atomic. Values are read as bytes, keys sent as
 * UTF-8, as the backend's own commands do.
 */
final class TrackedReads {

	private TrackedReads() {
	}

	/**
	 * Read a key and have the server track it for the connection.
	 * @param connection a tracking connection in the default mode
	 * @param key the key
	 * @return the value, or {@code null} when absent
	 */
	static CompletableFuture<@Nullable StoredValue> get(StatefulRedisConnection<String, String> connection,
			String key) {
		AsyncCommand<String, String, byte[]> get = new AsyncCommand<>(new Command<>(CommandType.GET,
				new ByteArrayOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(key)));
		connection.dispatch(get);
		return get.thenApply(TrackedReads::value);
	}

	/**
	 * Read keys of one hash slot (any keys on a standalone server) and have the server
	 * track them for the connection.
	 * @param connection a tracking connection in the default mode
	 * @param keys the keys, not empty
	 * @return the values in the order of the keys, {@code null} where absent
	 */
	static CompletableFuture<List<@Nullable StoredValue>> getAll(StatefulRedisConnection<String, String> connection,
			List<String> keys) {
		AsyncCommand<String, String, List<byte @Nullable []>> mget = new AsyncCommand<>(new Command<>(CommandType.MGET,
				new BytesListOutput(keys.size()), new CommandArgs<>(StringCodec.UTF8).addKeys(keys)));
		connection.dispatch(mget);
		return mget.thenApply((found) -> {
			List<@Nullable StoredValue> values = new ArrayList<>(found.size());
			for (byte[] value : found) {
				values.add(value(value));
			}
			return values;
		});
	}

	/**
	 * Read keys of a cluster, one read per hash slot on the connection of the node that
	 * serves it, and have the servers track them for those connections.
	 * @param keys the keys, not empty
	 * @param connections the tracking connection of the node that serves a key, or
	 * {@code null} when a read on it could not be kept
	 * @return the values in the order of the keys, {@code null} where absent; or
	 * {@code null} when a key has no connection
	 */
	static @Nullable CompletableFuture<List<@Nullable StoredValue>> getAllBySlot(List<String> keys,
			Function<String, @Nullable StatefulRedisConnection<String, String>> connections) {
		Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			bySlot.computeIfAbsent(SlotHash.getSlot(keys.get(i)), (slot) -> new ArrayList<>()).add(i);
		}
		List<CompletableFuture<List<@Nullable StoredValue>>> reads = new ArrayList<>(bySlot.size());
		List<List<Integer>> positions = new ArrayList<>(bySlot.size());
		for (List<Integer> slotPositions : bySlot.values()) {
			List<String> slotKeys = new ArrayList<>(slotPositions.size());
			slotPositions.forEach((position) -> slotKeys.add(keys.get(position)));
			StatefulRedisConnection<String, String> connection = connections.apply(slotKeys.get(0));
			if (connection == null) {
				return null;
			}
			reads.add(getAll(connection, slotKeys));
			positions.add(slotPositions);
		}
		return CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0])).thenApply((done) -> {
			List<@Nullable StoredValue> values = new ArrayList<>(keys.size());
			for (int i = 0; i < keys.size(); i++) {
				values.add(null);
			}
			for (int i = 0; i < reads.size(); i++) {
				List<@Nullable StoredValue> found = reads.get(i).join();
				List<Integer> slotPositions = positions.get(i);
				for (int j = 0; j < slotPositions.size(); j++) {
					values.set(slotPositions.get(j), found.get(j));
				}
			}
			return values;
		});
	}

	private static @Nullable StoredValue value(byte @Nullable [] bytes) {
		return (bytes != null) ? StoredValue.of(bytes) : null;
	}

	/**
	 * The reply of {@code MGET} as byte arrays, {@code null} where a key is absent.
	 */
	private static final class BytesListOutput extends CommandOutput<String, String, List<byte @Nullable []>> {

		BytesListOutput(int size) {
			super(StringCodec.UTF8, new ArrayList<>(size));
		}

		@Override
		public void set(@Nullable ByteBuffer bytes) {
			byte[] value = null;
			if (bytes != null) {
				value = new byte[bytes.remaining()];
				bytes.get(value);
			}
			this.output.add(value);
		}

	}

}
