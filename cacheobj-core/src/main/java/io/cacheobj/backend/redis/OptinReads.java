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
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import org.jspecify.annotations.Nullable;

/**
 * The reads of a near cache in {@link RedisTrackingMode#OPTIN} mode, made on a tracking
 * connection: each read is sent right behind a {@code CLIENT CACHING YES} in one write,
 * so that no other command on the connection (another thread's read, a ping) comes
 * between them and the server tracks exactly the keys read. Values are read as bytes,
 * keys sent as UTF-8, as the backend's own commands do. A read whose
 * {@code CLIENT CACHING YES} failed fails too, since the server did not track it.
 */
final class OptinReads {

	private OptinReads() {
	}

	/**
	 * Read a key and have the server track it for the connection.
	 * @param connection a connection tracking in {@code OPTIN} mode
	 * @param key the key
	 * @return the value, or {@code null} when absent
	 */
	static CompletableFuture<@Nullable StoredValue> get(StatefulRedisConnection<String, String> connection,
			String key) {
		AsyncCommand<String, String, byte[]> get = new AsyncCommand<>(new Command<>(CommandType.GET,
				new ByteArrayOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(key)));
		AsyncCommand<String, String, String> caching = caching();
		connection.dispatch(List.of(caching, get));
		return caching.thenCombine(get, (ok, value) -> value(value));
	}

	/**
	 * Check that the server takes {@code CLIENT CACHING YES} on a connection, followed by
	 * a {@code PING}, which reads no key.
	 * @param connection a connection tracking in {@code OPTIN} mode
	 * @return a future that fails when the server refused
	 */
	static CompletableFuture<String> probe(StatefulRedisConnection<String, String> connection) {
		AsyncCommand<String, String, String> ping = new AsyncCommand<>(
				new Command<>(CommandType.PING, new StatusOutput<>(StringCodec.UTF8)));
		AsyncCommand<String, String, String> caching = caching();
		connection.dispatch(List.of(caching, ping));
		return caching.thenCombine(ping, (ok, pong) -> pong);
	}

	/**
	 * Read keys of one hash slot (any keys on a standalone server) and have the server
	 * track them for the connection.
	 * @param connection a connection tracking in {@code OPTIN} mode
	 * @param keys the keys, not empty
	 * @return the values in the order of the keys, {@code null} where absent
	 */
	static CompletableFuture<List<@Nullable StoredValue>> getAll(StatefulRedisConnection<String, String> connection,
			List<String> keys) {
		AsyncCommand<String, String, List<byte @Nullable []>> mget = new AsyncCommand<>(new Command<>(CommandType.MGET,
				new BytesListOutput(keys.size()), new CommandArgs<>(StringCodec.UTF8).addKeys(keys)));
		AsyncCommand<String, String, String> caching = caching();
		connection.dispatch(List.of(caching, mget));
		return caching.thenCombine(mget, (ok, found) -> {
			List<@Nullable StoredValue> values = new ArrayList<>(found.size());
			for (byte[] value : found) {
				values.add(value(value));
			}
			return values;
		});
	}

	/**
	 * Return the command that makes the server track the keys of the next one; should it
	 * fail (the connection does not track in {@code OPTIN} mode), the read behind it is
	 * not tracked and its answer must not be kept, so the read fails too.
	 */
	private static AsyncCommand<String, String, String> caching() {
		return new AsyncCommand<>(new Command<>(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
				new CommandArgs<>(StringCodec.UTF8).add(CommandKeyword.CACHING).add("YES")));
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
