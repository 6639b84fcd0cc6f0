package io.cacheobj.backend.redis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.cacheobj.backend.StoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
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
