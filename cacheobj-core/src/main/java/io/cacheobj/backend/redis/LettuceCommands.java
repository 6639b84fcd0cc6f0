package io.cacheobj.backend.redis;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.cacheobj.backend.BackendFailures;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.protocol.AsyncCommand;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * How the Redis backend executes its commands: on the factory's shared native Lettuce
 * connection (Spring Data Redis's default), the way Lettuce's own synchronous API sends
 * them, without a Spring Data connection object per call, or on a connection the factory
 * lends per call when it shares none (pooled); and how a call waits for its answer, or
 * does not, within the factory's command timeout.
 * <p>
 * Asynchronous calls complete on Lettuce's I/O threads; on lent connections they complete
 * at once, on the caller's thread. Lettuce times out each command itself by default (on a
 * timer wheel that costs nothing per command); when its client options say it does not,
 * an asynchronous call gets a timer of its own.
 */
final class LettuceCommands {

	private final LettuceConnectionFactory connectionFactory;

	private final RedisFailures failures;

	private final boolean sharesNativeConnection;

	private final long timeoutMillis;

	/**
	 * Whether Lettuce times out each command itself, so that an asynchronous call needs
	 * no timer of its own.
	 */
	private final boolean clientTimesOut;

	/** The shared native connection's commands, taken again once it is closed. */
	private volatile @Nullable Commands shared;

	LettuceCommands(LettuceConnectionFactory connectionFactory, RedisFailures failures) {
		this.connectionFactory = connectionFactory;
		this.failures = failures;
		this.sharesNativeConnection = connectionFactory.getShareNativeConnection();
		this.timeoutMillis = connectionFactory.getClientConfiguration().getCommandTimeout().toMillis();
		this.clientTimesOut = connectionFactory.getClientConfiguration()
			.getClientOptions()
			.map((options) -> options.getTimeoutOptions().isTimeoutCommands())
			.orElse(ClientOptions.DEFAULT_TIMEOUT_OPTIONS.isTimeoutCommands());
	}

	/**
	 * Return whether commands go to the factory's shared native connection, so that an
	 * asynchronous call need not block.
	 */
	boolean sharesNativeConnection() {
		return this.sharesNativeConnection;
	}

	/**
	 * Send one command and wait for its answer.
	 */
	<T> T sync(String key, Function<Commands, RedisFuture<T>> command) {
		return withCommands(key, (commands) -> await(key, command.apply(commands)));
	}

	/**
	 * Send a command without waiting for its answer: the future completes on Lettuce's
	 * I/O thread, or at once, on the caller's thread, when the factory lends connections.
	 */
	<T> CompletableFuture<T> async(String key, Function<Commands, RedisFuture<T>> command) {
		if (!this.sharesNativeConnection) {
			return BackendFailures.now(() -> sync(key, command));
		}
		try {
			return completion(key, command.apply(shared(key)));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(this.failures.failure(key, ex));
		}
	}

	/**
	 * Run work on the shared native connection, or on a connection lent for it.
	 */
	<T> T withCommands(String key, Function<Commands, T> work) {
		if (this.sharesNativeConnection) {
			return work.apply(sharedOrFail(key));
		}
		RedisConnection connection = open(key);
		try {
			return work.apply(nativeCommands(connection));
		}
		finally {
			connection.close();
		}
	}

	/**
	 * Walk the keys under a prefix with {@code SCAN MATCH}, a batch of at most about
	 * {@code count} keys at a time, on one connection; a batch is handed over with the
	 * commands of that connection.
	 */
	void scan(String prefix, int count, BiConsumer<Commands, List<byte[]>> batch) {
		ScanArgs args = ScanArgs.Builder.matches(glob(prefix) + "*").limit(count);
		withCommands(prefix, (commands) -> {
			KeyScanCursor<byte[]> cursor = await(prefix, commands.scan(ScanCursor.INITIAL, args));
			while (true) {
				if (!cursor.getKeys().isEmpty()) {
					batch.accept(commands, cursor.getKeys());
				}
				if (cursor.isFinished()) {
					return null;
				}
				cursor = await(prefix, commands.scan(cursor, args));
			}
		});
	}

	/**
	 * Escape the characters that a {@code SCAN MATCH} pattern treats as glob syntax.
	 */
	private static String glob(String text) {
		StringBuilder escaped = new StringBuilder(text.length() + 8);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	private Commands sharedOrFail(String key) {
		try {
			return shared(key);
		}
		catch (RuntimeException ex) {
			throw this.failures.failure(key, ex);
		}
	}

	/**
	 * Return the commands of the factory's shared native connection, taken once and again
	 * only when the factory closed it (Lettuce reconnects an open one by itself).
	 */
	Commands shared(String key) {
		Commands commands = this.shared;
		if (commands != null && commands.isOpen()) {
			return commands;
		}
		RedisConnection connection = open(key);
		try {
			commands = nativeCommands(connection);
		}
		finally {
			connection.close();
		}
		this.shared = commands;
		return commands;
	}

	private RedisConnection open(String key) {
		try {
			return this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			throw this.failures.failure(key, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Commands nativeCommands(RedisConnection connection) {
		return new Commands((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection());
	}

	/**
	 * Wait for an answer within the command timeout.
	 */
	<T> T await(String key, CompletableFuture<T> future) {
		try {
			return future.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw failure(key, BackendFailures.unwrap(ex));
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw this.failures.failure(key,
					new RedisCommandTimeoutException("Command timed out after " + this.timeoutMillis + "ms"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.failures.failure(key, new RedisCommandInterruptedException(ex));
		}
	}

	/**
	 * Wait for a command's answer within the command timeout, as Lettuce's synchronous
	 * API does.
	 */
	<T> T await(String key, RedisFuture<T> future) {
		try {
			return LettuceFutures.awaitOrCancel(future, this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			throw this.failures.failure(key, ex);
		}
	}

	/**
	 * Wait for a bulk write, which its chunks' timeouts end, as long as it takes.
	 */
	void awaitWrites(String key, CompletableFuture<@Nullable Void> written) {
		try {
			written.get();
		}
		catch (ExecutionException ex) {
			throw failure(key, BackendFailures.unwrap(ex));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.failures.failure(key, new RedisCommandInterruptedException(ex));
		}
	}

	private RuntimeException failure(String key, Throwable cause) {
		return this.failures.failure(key, (cause instanceof RuntimeException runtime) ? runtime
				: new RedisCommandExecutionException(cause.toString(), cause));
	}

	/**
	 * Hand a command's answer over without waiting, failed as {@link #await} would throw.
	 */
	<T> CompletableFuture<T> completion(String key, RedisFuture<T> future) {
		return completion(key, future.toCompletableFuture());
	}

	<T> CompletableFuture<T> completion(String key, CompletableFuture<T> future) {
		CompletableFuture<T> timed = this.clientTimesOut ? future
				: future.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS);
		return timed.handle((value, ex) -> {
			if (ex != null) {
				Throwable cause = BackendFailures.unwrap(ex);
				throw this.failures.failure(key, (cause instanceof RuntimeException runtime) ? runtime
						: new RedisCommandTimeoutException(cause.toString()));
			}
			return value;
		});
	}

	/**
	 * The asynchronous commands of a native Lettuce connection, standalone or cluster.
	 */
	static final class Commands {

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		private final StatefulConnection<?, ?> connection;

		private final @Nullable ClusterReads clusterReads;

		@SuppressWarnings("unchecked")
		Commands(RedisClusterAsyncCommands<byte[], byte[]> commands) {
			this.commands = commands;
			if (commands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
				StatefulRedisClusterConnection<byte[], byte[]> connection = (StatefulRedisClusterConnection<byte[], byte[]>) cluster
					.getStatefulConnection();
				this.connection = connection;
				this.clusterReads = new ClusterReads(connection, this::mget);
			}
			else {
				this.connection = ((RedisAsyncCommands<?, ?>) commands).getStatefulConnection();
				this.clusterReads = null;
			}
		}

		/**
		 * Read many keys: one {@code MGET} on a standalone server, the
		 * {@link ClusterReads} on a cluster.
		 * @return the values, {@code null} where a key has none, in the order of the keys
		 */
		CompletableFuture<byte[][]> readAll(byte[][] keys) {
			ClusterReads clusterReads = this.clusterReads;
			return (clusterReads != null) ? clusterReads.read(keys) : mget(keys);
		}

		private CompletableFuture<byte[][]> mget(byte[][] keys) {
			return this.commands.mget(keys).toCompletableFuture().thenApply((found) -> {
				byte[][] values = new byte[found.size()][];
				for (int i = 0; i < values.length; i++) {
					values[i] = found.get(i).getValueOrElse(null);
				}
				return values;
			});
		}

		boolean isOpen() {
			return this.connection.isOpen();
		}

		@SuppressWarnings("unchecked")
		void dispatch(List<AsyncCommand<byte[], byte[], ?>> commands) {
			((StatefulConnection<byte[], byte[]>) this.connection).dispatch(commands);
		}

		RedisFuture<byte[]> get(byte[] key) {
			return this.commands.get(key);
		}

		RedisFuture<String> set(byte[] key, byte[] value) {
			return this.commands.set(key, value);
		}

		RedisFuture<String> set(byte[] key, byte[] value, SetArgs args) {
			return this.commands.set(key, value, args);
		}

		RedisFuture<byte[]> setGet(byte[] key, byte[] value, SetArgs args) {
			return this.commands.setGet(key, value, args);
		}

		RedisFuture<Long> del(byte[]... keys) {
			return this.commands.del(keys);
		}

		RedisFuture<KeyScanCursor<byte[]>> scan(ScanCursor cursor, ScanArgs args) {
			return this.commands.scan(cursor, args);
		}

		RedisFuture<Long> unlink(byte[]... keys) {
			return this.commands.unlink(keys);
		}

		RedisFuture<Long> incrby(byte[] key, long delta) {
			return this.commands.incrby(key, delta);
		}

		RedisFuture<Boolean> pexpire(byte[] key, long millis) {
			return this.commands.pexpire(key, millis);
		}

		<T> RedisFuture<T> eval(byte[] script, ScriptOutputType type, byte[][] keys, byte[]... values) {
			return this.commands.eval(script, type, keys, values);
		}

	}

}
