package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

import io.cacheobj.CacheObjException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.InvalidatingCacheBackend;
import io.cacheobj.backend.InvalidationSource;
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
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.Partitions;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;

/**
 * A {@link CacheBackend} on a Redis server or cluster, through a Spring Data Redis
 * {@link LettuceConnectionFactory}.
 * <p>
 * Each value is one Redis string under its key. A time to live is written with the value
 * in one {@code SET ... PX}; bulk reads are {@code MGET} and bulk deletes {@code DEL},
 * split into chunks of {@value #CHUNK_SIZE} keys sent together, and on a cluster by hash
 * slot (Lettuce's cluster API sends each node its slots' commands together, one round
 * trip per node); counters are {@code INCRBY}. Flags are not stored: Redis has none, and
 * the Python library needs none there.
 * <p>
 * A bulk write pipelines its commands ({@code SET ... PX}, {@code DEL}, {@code INCRBY})
 * on the shared connection in chunks of {@value #CHUNK_SIZE}, each handed to Lettuce as
 * one write and flushed once (on a cluster, once per node), with up to eight chunks
 * unanswered at a time; each chunk's answer is due within the timeout of its own send.
 * <p>
 * Commands go straight to the factory's shared native Lettuce connection (Spring Data
 * Redis's default), the way Lettuce's own synchronous API sends them, without a Spring
 * Data connection object per call; asynchronous calls complete on Lettuce's I/O threads.
 * A factory without a shared connection (pooled) lends a connection per call, and its
 * asynchronous calls then complete on the caller's thread.
 *
 * @since 0.1.0
 */
public final class RedisCacheBackend implements InvalidatingCacheBackend, DisposableBean {

	private static final int CHUNK_SIZE = 1000;

	private static final byte[] INCREMENT_WITH_TTL = """
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('INCRBY', KEYS[1], ARGV[1])
			if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return value""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] COMPARE_AND_SET = """
			local current = redis.call('GET', KEYS[1])
			if ARGV[1] == '1' then
				if current ~= ARGV[2] then return 0 end
			elseif current then
				return 0
			end
			if ARGV[3] == '1' then
				if ARGV[5] == '0' then redis.call('SET', KEYS[1], ARGV[4])
				else redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5]) end
			else
				redis.call('DEL', KEYS[1])
			end
			return 1""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] GET_AND_DELETE = """
			local current = redis.call('GET', KEYS[1])
			redis.call('DEL', KEYS[1])
			return current""".getBytes(StandardCharsets.UTF_8);

	private static final byte[] NO = new byte[] { '0' };

	private static final byte[] YES = new byte[] { '1' };

	private final String name;

	private final LettuceConnectionFactory connectionFactory;

	private final boolean ownsConnectionFactory;

	private final boolean sharesNativeConnection;

	private final long timeoutMillis;

	/**
	 * Whether Lettuce times out each command itself (its default, on a timer wheel that
	 * costs nothing per command), so that an asynchronous call needs no timer of its own.
	 */
	private final boolean clientTimesOut;

	/** The shared native connection's commands, taken again once it is closed. */
	private volatile @Nullable Commands shared;

	private RedisCacheBackend(String name, LettuceConnectionFactory connectionFactory, boolean ownsConnectionFactory) {
		this.name = name;
		this.connectionFactory = connectionFactory;
		this.ownsConnectionFactory = ownsConnectionFactory;
		this.sharesNativeConnection = connectionFactory.getShareNativeConnection();
		this.timeoutMillis = connectionFactory.getClientConfiguration().getCommandTimeout().toMillis();
		this.clientTimesOut = connectionFactory.getClientConfiguration()
			.getClientOptions()
			.map((options) -> options.getTimeoutOptions().isTimeoutCommands())
			.orElse(ClientOptions.DEFAULT_TIMEOUT_OPTIONS.isTimeoutCommands());
	}

	/**
	 * Create a backend on a connection factory that the caller manages, such as the
	 * application's.
	 * @param name the backend's name, used in messages
	 * @param connectionFactory the connection factory, Lettuce's
	 * @return the backend
	 * @throws IllegalArgumentException when the factory is not a
	 * {@link LettuceConnectionFactory}
	 */
	public static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory) {
		return create(name, connectionFactory, false);
	}

	/**
	 * Create a backend that owns its connection factory: {@link #destroy()} destroys it.
	 * @param name the backend's name, used in messages
	 * @param connectionFactory the connection factory, Lettuce's
	 * @return the backend
	 * @throws IllegalArgumentException when the factory is not a
	 * {@link LettuceConnectionFactory}
	 */
	public static RedisCacheBackend createOwning(String name, RedisConnectionFactory connectionFactory) {
		return create(name, connectionFactory, true);
	}

	private static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory,
			boolean ownsConnectionFactory) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalArgumentException("Redis backend '" + name + "' needs a LettuceConnectionFactory, not a "
					+ connectionFactory.getClass().getName());
		}
		return new RedisCacheBackend(name, lettuce, ownsConnectionFactory);
	}

	/**
	 * Create what tells a near cache with the given lease when a value changes on the
	 * server, on Redis 6+ server-assisted client-side caching in broadcasting mode
	 * ({@code CLIENT TRACKING ON BCAST PREFIX ...}). The source tracks on dedicated RESP3
	 * connections of its own, one to a standalone server or to the master that Sentinel
	 * names, one to each master of a cluster, configured as the backend's connection
	 * factory is (TLS, credentials, command timeout, client options, client resources);
	 * it reconnects and re-arms them after a loss, a failover or a change of the
	 * cluster's masters, telling its listener when tracking stops and resumes, and pings
	 * every connection four times per lease, confirming the lease when all answered.
	 * @param lease the near cache's lease, positive
	 * @return a new, unstarted source; it connects only once started and never uses the
	 * factory's connections
	 * @throws IllegalArgumentException when the lease is not positive
	 * @since 0.1.0
	 */
	@Override
	public InvalidationSource invalidations(Duration lease) {
		return RedisInvalidations.create(this.name, this.connectionFactory, lease);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		return value(sync(key, (commands) -> commands.get(bytes(key))));
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return async(key, (commands) -> commands.get(bytes(key))).thenApply(RedisCacheBackend::value);
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		List<String> list = list(keys);
		return byKey(list, getAllInOrder(list));
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		List<String> list = list(keys);
		return getAllInOrderAsync(list).thenApply((values) -> byKey(list, values));
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		return withCommands(keys.get(0), (commands) -> {
			List<CompletableFuture<byte[][]>> chunks = readAll(commands, keys);
			return ordered(keys, chunks, (chunk) -> await(keys.get(0), chunk));
		});
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (!this.sharesNativeConnection) {
			return now(() -> getAllInOrder(keys));
		}
		List<CompletableFuture<byte[][]>> chunks = new ArrayList<>();
		try {
			for (CompletableFuture<byte[][]> chunk : readAll(commands(keys.get(0)), keys)) {
				chunks.add(completion(keys.get(0), chunk));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failure(keys.get(0), ex));
		}
		return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
			.thenApply((all) -> ordered(keys, chunks, CompletableFuture::join));
	}

	private static Map<String, StoredValue> byKey(List<String> keys, List<@Nullable StoredValue> values) {
		Map<String, StoredValue> found = CollectionUtils.newHashMap(values.size());
		for (int i = 0; i < values.size(); i++) {
			StoredValue value = values.get(i);
			if (value != null) {
				found.put(keys.get(i), value);
			}
		}
		return found;
	}

	private static List<CompletableFuture<byte[][]>> readAll(Commands commands, List<String> keys) {
		List<CompletableFuture<byte[][]>> chunks = new ArrayList<>((keys.size() + CHUNK_SIZE - 1) / CHUNK_SIZE);
		for (int start = 0; start < keys.size(); start += CHUNK_SIZE) {
			chunks.add(commands.readAll(bytes(keys.subList(start, Math.min(keys.size(), start + CHUNK_SIZE)))));
		}
		return chunks;
	}

	/**
	 * Put the chunks' answers together, each value at the position of its key.
	 * @param answer how a chunk's answer is taken from its call
	 */
	private static List<@Nullable StoredValue> ordered(List<String> keys, List<CompletableFuture<byte[][]>> chunks,
			Function<CompletableFuture<byte[][]>, byte[][]> answer) {
		@Nullable StoredValue[] values = new StoredValue[keys.size()];
		for (int chunk = 0; chunk < chunks.size(); chunk++) {
			byte[][] found = answer.apply(chunks.get(chunk));
			int start = chunk * CHUNK_SIZE;
			for (int i = 0; i < found.length; i++) {
				if (found[i] != null) {
					values[start + i] = StoredValue.of(found[i]);
				}
			}
		}
		return Arrays.asList(values);
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		sync(key, (commands) -> set(commands, key, value, ttl));
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return async(key, (commands) -> set(commands, key, value, ttl)).thenApply((ok) -> null);
	}

	private static RedisFuture<String> set(Commands commands, String key, StoredValue value, @Nullable Duration ttl) {
		return (ttl != null) ? commands.set(bytes(key), value.bytes(), SetArgs.Builder.px(millis(ttl)))
				: commands.set(bytes(key), value.bytes());
	}

	@Override
	public boolean delete(String key) {
		Long deleted = sync(key, (commands) -> commands.del(bytes(key)));
		return deleted != null && deleted > 0;
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		List<String> list = list(keys);
		return withCommands(list.get(0), (commands) -> {
			long deleted = 0;
			for (RedisFuture<Long> chunk : del(commands, list)) {
				Long count = await(list.get(0), chunk);
				deleted += (count != null) ? count : 0;
			}
			return deleted;
		});
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(0L);
		}
		if (!this.sharesNativeConnection) {
			return now(() -> deleteAll(keys));
		}
		List<String> list = list(keys);
		List<CompletableFuture<Long>> chunks = new ArrayList<>();
		try {
			for (RedisFuture<Long> chunk : del(commands(list.get(0)), list)) {
				chunks.add(completion(list.get(0), chunk));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failure(list.get(0), ex));
		}
		return CompletableFuture.allOf(chunks.toArray(CompletableFuture[]::new))
			.thenApply((all) -> chunks.stream().mapToLong(CompletableFuture::join).sum());
	}

	private static List<RedisFuture<Long>> del(Commands commands, List<String> keys) {
		List<RedisFuture<Long>> chunks = new ArrayList<>();
		for (int start = 0; start < keys.size(); start += CHUNK_SIZE) {
			chunks.add(commands.del(bytes(keys.subList(start, Math.min(keys.size(), start + CHUNK_SIZE)))));
		}
		return chunks;
	}

	/**
	 * Delete the keys under a prefix with {@code SCAN MATCH} in batches of
	 * {@value #CHUNK_SIZE} and {@code UNLINK}, which frees the values off the server's
	 * main thread; on a cluster Lettuce's cluster {@code SCAN} visits every master in
	 * turn and its {@code UNLINK} splits the keys by slot.
	 */
	@Override
	public long deleteByPrefix(String prefix) {
		Assert.hasText(prefix, "'prefix' must not be empty");
		ScanArgs args = ScanArgs.Builder.matches(glob(prefix) + "*").limit(CHUNK_SIZE);
		return withCommands(prefix, (commands) -> {
			long deleted = 0;
			KeyScanCursor<byte[]> cursor = await(prefix, commands.scan(ScanCursor.INITIAL, args));
			while (true) {
				List<byte[]> keys = cursor.getKeys();
				if (!keys.isEmpty()) {
					Long count = await(prefix, commands.unlink(keys.toArray(byte[][]::new)));
					deleted += (count != null) ? count : 0;
				}
				if (cursor.isFinished()) {
					return deleted;
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

	@Override
	public void writeAll(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return;
		}
		String first = writes.get(0).key();
		withCommands(first, (commands) -> {
			awaitWrites(first, new Pipeline(commands, writes).start());
			return null;
		});
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (!this.sharesNativeConnection) {
			return now(() -> {
				writeAll(writes);
				return null;
			});
		}
		try {
			return new Pipeline(commands(writes.get(0).key()), writes).start();
		}
		catch (RuntimeException ex) {
			return CompletableFuture
				.failedFuture(BackendFailures.allWritesFailed(description(), writes, failure(writes.get(0).key(), ex)));
		}
	}

	/**
	 * Turn one write into its Redis command: {@code SET} (with {@code PX}), {@code DEL},
	 * {@code INCRBY}, or for a counter with a time to live the script
	 * {@link #increment(String, long, Duration)} runs.
	 */
	private static AsyncCommand<byte[], byte[], ?> command(CacheWrite write) {
		byte[] key = bytes(write.key());
		Duration ttl = write.ttl();
		CommandArgs<byte[], byte[]> args = new CommandArgs<>(ByteArrayCodec.INSTANCE);
		Command<byte[], byte[], ?> command = switch (write.kind()) {
			case SET -> {
				args.addKey(key).addValue(write.requiredValue().bytes());
				if (ttl != null) {
					args.add("PX").add(millis(ttl));
				}
				yield new Command<>(CommandType.SET, new StatusOutput<>(ByteArrayCodec.INSTANCE), args);
			}
			case DELETE ->
				new Command<>(CommandType.DEL, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args.addKey(key));
			case INCREMENT -> {
				if (ttl == null) {
					yield new Command<>(CommandType.INCRBY, new IntegerOutput<>(ByteArrayCodec.INSTANCE),
							args.addKey(key).add(write.delta()));
				}
				args.add(INCREMENT_WITH_TTL)
					.add(1)
					.addKey(key)
					.addValue(bytes(Long.toString(write.delta())))
					.addValue(bytes(Long.toString(millis(ttl))));
				yield new Command<>(CommandType.EVAL, new IntegerOutput<>(ByteArrayCodec.INSTANCE), args);
			}
		};
		return new AsyncCommand<>(command);
	}

	/**
	 * Wait for a bulk write, which its chunks' timeouts end, as long as it takes.
	 */
	private void awaitWrites(String key, CompletableFuture<@Nullable Void> written) {
		try {
			written.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw failure(key, (cause instanceof RuntimeException runtime) ? runtime
					: new RedisCommandExecutionException(cause.toString(), cause));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure(key, new RedisCommandInterruptedException(ex));
		}
	}

	private String description() {
		return "Redis backend '" + this.name + "'";
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		Long value = sync(key, (commands) -> increment(commands, key, delta, ttl));
		Assert.state(value != null, "INCRBY returned no value");
		return value;
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return async(key, (commands) -> increment(commands, key, delta, ttl));
	}

	private static RedisFuture<Long> increment(Commands commands, String key, long delta, @Nullable Duration ttl) {
		if (ttl == null) {
			return commands.incrby(bytes(key), delta);
		}
		return commands.eval(INCREMENT_WITH_TTL, ScriptOutputType.INTEGER, new byte[][] { bytes(key) },
				bytes(Long.toString(delta)), bytes(Long.toString(millis(ttl))));
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		SetArgs args = (ttl != null) ? SetArgs.Builder.nx().px(millis(ttl)) : SetArgs.Builder.nx();
		return "OK".equals(sync(key, (commands) -> commands.set(bytes(key), value.bytes(), args)));
	}

	/**
	 * Compare and set in one script, which compares the stored bytes and writes (with the
	 * time to live) or deletes atomically; a script rather than Redis 8.4's
	 * {@code SET ... IFEQ}, so that every Redis 6 and later server does it.
	 */
	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		Long replaced = sync(key,
				(commands) -> commands.eval(COMPARE_AND_SET, ScriptOutputType.INTEGER, new byte[][] { bytes(key) },
						(expected != null) ? YES : NO, (expected != null) ? expected.bytes() : NO,
						(update != null) ? YES : NO, (update != null) ? update.bytes() : NO,
						bytes(Long.toString((ttl != null) ? millis(ttl) : 0))));
		return replaced != null && replaced == 1;
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		if (value == null) {
			return value(sync(key, (commands) -> commands.<byte[]>eval(GET_AND_DELETE, ScriptOutputType.VALUE,
					new byte[][] { bytes(key) })));
		}
		SetArgs args = (ttl != null) ? SetArgs.Builder.px(millis(ttl)) : new SetArgs();
		return value(sync(key, (commands) -> commands.setGet(bytes(key), value.bytes(), args)));
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return Boolean.TRUE.equals(sync(key, (commands) -> commands.pexpire(bytes(key), millis(ttl))));
	}

	@Override
	public Map<String, Object> check() {
		RedisConnection connection;
		try {
			connection = this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			throw failure("(health check)", ex);
		}
		try {
			if (connection instanceof RedisClusterConnection cluster) {
				ClusterInfo info = cluster.clusterGetClusterInfo();
				return Map.of("cluster", true, "state", String.valueOf(info.getState()), "nodes",
						String.valueOf(info.getKnownNodes()));
			}
			String pong = connection.ping();
			Properties server = connection.serverCommands().info("server");
			String version = (server != null) ? server.getProperty("redis_version") : null;
			return (version != null) ? Map.of("ping", String.valueOf(pong), "version", version)
					: Map.of("ping", String.valueOf(pong));
		}
		catch (RuntimeException ex) {
			throw failure("(health check)", ex);
		}
		finally {
			connection.close();
		}
	}

	@Override
	public void destroy() throws Exception {
		if (this.ownsConnectionFactory) {
			this.connectionFactory.destroy();
		}
	}

	private <T> T sync(String key, Function<Commands, RedisFuture<T>> command) {
		return withCommands(key, (commands) -> await(key, command.apply(commands)));
	}

	/**
	 * Send a command without waiting for its answer: the future completes on Lettuce's
	 * I/O thread, or at once, on the caller's thread, when the factory lends connections.
	 */
	private <T> CompletableFuture<T> async(String key, Function<Commands, RedisFuture<T>> command) {
		if (!this.sharesNativeConnection) {
			return now(() -> sync(key, command));
		}
		try {
			return completion(key, command.apply(commands(key)));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failure(key, ex));
		}
	}

	private <T> CompletableFuture<T> completion(String key, RedisFuture<T> future) {
		return completion(key, future.toCompletableFuture());
	}

	private <T> CompletableFuture<T> completion(String key, CompletableFuture<T> future) {
		CompletableFuture<T> timed = this.clientTimesOut ? future
				: future.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS);
		return timed.handle((value, ex) -> {
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				throw failure(key, (cause instanceof RuntimeException runtime) ? runtime
						: new RedisCommandTimeoutException(cause.toString()));
			}
			return value;
		});
	}

	/**
	 * Run work on the shared native connection, or on a connection lent for it.
	 */
	private <T> T withCommands(String key, Function<Commands, T> work) {
		if (this.sharesNativeConnection) {
			return work.apply(commandsOrFail(key));
		}
		RedisConnection connection = open(key);
		try {
			return work.apply(nativeCommands(connection));
		}
		finally {
			connection.close();
		}
	}

	private Commands commandsOrFail(String key) {
		try {
			return commands(key);
		}
		catch (RuntimeException ex) {
			throw failure(key, ex);
		}
	}

	/**
	 * Return the commands of the factory's shared native connection, taken once and again
	 * only when the factory closed it (Lettuce reconnects an open one by itself).
	 */
	private Commands commands(String key) {
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
			throw failure(key, ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Commands nativeCommands(RedisConnection connection) {
		return new Commands((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection());
	}

	private <T> T await(String key, CompletableFuture<T> future) {
		try {
			return future.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw failure(key, (cause instanceof RuntimeException runtime) ? runtime
					: new RedisCommandExecutionException(cause.toString(), cause));
		}
		catch (TimeoutException ex) {
			future.cancel(false);
			throw failure(key,
					new RedisCommandTimeoutException("Command timed out after " + this.timeoutMillis + "ms"));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw failure(key, new RedisCommandInterruptedException(ex));
		}
	}

	private <T> T await(String key, RedisFuture<T> future) {
		try {
			return LettuceFutures.awaitOrCancel(future, this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			throw failure(key, ex);
		}
	}

	private static <T> CompletableFuture<T> now(Supplier<T> call) {
		try {
			return CompletableFuture.completedFuture(call.get());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private RuntimeException failure(String key, RuntimeException ex) {
		if (ex instanceof CacheObjException) {
			return ex;
		}
		String backend = description();
		if (isNotAnInteger(ex)) {
			return BackendFailures.notAnInteger(backend, key, ex);
		}
		return BackendFailures.failed(backend, key, rootMessage(ex), ex);
	}

	private static boolean isNotAnInteger(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("not an integer") || message.contains("increment or decrement would overflow")) {
				return true;
			}
		}
		return false;
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause != ex) ? ex.getMessage() + " (" + cause.getMessage() + ")" : String.valueOf(ex.getMessage());
	}

	private static @Nullable StoredValue value(byte @Nullable [] value) {
		return (value != null) ? StoredValue.of(value) : null;
	}

	private static List<String> list(Collection<String> keys) {
		return (keys instanceof List<String> list) ? list : List.copyOf(keys);
	}

	private static long millis(Duration ttl) {
		return Math.max(1, ttl.toMillis());
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[][] bytes(List<String> keys) {
		byte[][] bytes = new byte[keys.size()][];
		for (int i = 0; i < bytes.length; i++) {
			bytes[i] = bytes(keys.get(i));
		}
		return bytes;
	}

	@Override
	public String toString() {
		return "RedisCacheBackend[" + this.name + "]";
	}

	/**
	 * One bulk write on its way: chunks of {@value #CHUNK_SIZE} commands, each handed to
	 * the connection in one write (so one flush; on a cluster, one per node), and at most
	 * {@value #CHUNKS_IN_FLIGHT} chunks unanswered at a time. The next chunk is sent when
	 * one is answered, from Lettuce's I/O thread, so that the connection never waits
	 * between chunks while each chunk's answer is still due within the timeout of its own
	 * send, however many writes there are.
	 */
	private final class Pipeline {

		private static final int CHUNKS_IN_FLIGHT = 8;

		private final Commands commands;

		private final List<CacheWrite> writes;

		private final @Nullable Throwable[] failures;

		private final CompletableFuture<@Nullable Void> done = new CompletableFuture<>();

		private int next;

		private int answered;

		Pipeline(Commands commands, List<CacheWrite> writes) {
			this.commands = commands;
			this.writes = writes;
			this.failures = new Throwable[writes.size()];
		}

		CompletableFuture<@Nullable Void> start() {
			int chunks = (this.writes.size() + CHUNK_SIZE - 1) / CHUNK_SIZE;
			for (int i = 0; i < Math.min(chunks, CHUNKS_IN_FLIGHT); i++) {
				sendNext();
			}
			return this.done;
		}

		private void sendNext() {
			int start;
			synchronized (this) {
				start = this.next;
				if (start >= this.writes.size()) {
					return;
				}
				this.next = Math.min(this.writes.size(), start + CHUNK_SIZE);
			}
			int end = Math.min(this.writes.size(), start + CHUNK_SIZE);
			List<AsyncCommand<byte[], byte[], ?>> chunk = new ArrayList<>(end - start);
			for (int i = start; i < end; i++) {
				chunk.add(command(this.writes.get(i)));
			}
			try {
				this.commands.dispatch(chunk);
			}
			catch (RuntimeException ex) {
				chunk.forEach((command) -> command.completeExceptionally(ex));
			}
			CompletableFuture<?>[] answers = new CompletableFuture<?>[chunk.size()];
			for (int i = 0; i < answers.length; i++) {
				int position = start + i;
				CompletableFuture<?> command = chunk.get(i);
				answers[i] = completion(this.writes.get(position).key(), command).handle((value, ex) -> {
					this.failures[position] = ex;
					return null;
				});
			}
			CompletableFuture.allOf(answers).whenComplete((all, ex) -> answered(end - start));
		}

		private void answered(int count) {
			boolean last;
			synchronized (this) {
				this.answered += count;
				last = this.answered == this.writes.size();
			}
			if (!last) {
				sendNext();
				return;
			}
			CacheObjException failure = BackendFailures.writesFailed(description(), this.writes, this.failures);
			if (failure != null) {
				this.done.completeExceptionally(failure);
			}
			else {
				this.done.complete(null);
			}
		}

	}

	/**
	 * The asynchronous commands of a native Lettuce connection, standalone or cluster.
	 */
	private static final class Commands {

		/**
		 * Reads keys of many slots owned by one cluster node in one call: Redis 7 lets a
		 * script flagged {@code allow-cross-slot-keys} read keys it was not given as
		 * KEYS, as long as the node serves their slots.
		 */
		private static final byte[] GET_EACH = """
				#!lua flags=no-writes,allow-cross-slot-keys
				local values = {}
				for i, key in ipairs(ARGV) do values[i] = redis.call('GET', key) end
				return values""".getBytes(StandardCharsets.UTF_8);

		private static final byte[][] NO_KEYS = new byte[0][];

		private final RedisClusterAsyncCommands<byte[], byte[]> commands;

		private final StatefulConnection<?, ?> connection;

		private final @Nullable StatefulRedisClusterConnection<byte[], byte[]> cluster;

		/** Whether the cluster's nodes run the reading script (Redis 7 and later). */
		private volatile boolean clusterScripts = true;

		@SuppressWarnings("unchecked")
		Commands(RedisClusterAsyncCommands<byte[], byte[]> commands) {
			this.commands = commands;
			if (commands instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
				this.cluster = (StatefulRedisClusterConnection<byte[], byte[]>) cluster.getStatefulConnection();
				this.connection = this.cluster;
			}
			else {
				this.cluster = null;
				this.connection = ((RedisAsyncCommands<?, ?>) commands).getStatefulConnection();
			}
		}

		/**
		 * Read many keys: one {@code MGET} on a standalone server; on a cluster, one
		 * script call per node for the keys of all the slots it serves, sent to every
		 * node at once (Lettuce's cluster {@code MGET} would send one command per slot),
		 * and Lettuce's per-slot reads for a node that cannot run it (an older Redis, a
		 * slot migrating).
		 * @return the values, {@code null} where a key has none, in the order of the keys
		 */
		CompletableFuture<byte[][]> readAll(byte[][] keys) {
			StatefulRedisClusterConnection<byte[], byte[]> cluster = this.cluster;
			if (cluster == null || !this.clusterScripts) {
				return mgetValues(keys);
			}
			Partitions partitions = cluster.getPartitions();
			Map<String, List<Integer>> byNode = new LinkedHashMap<>();
			for (int i = 0; i < keys.length; i++) {
				RedisClusterNode node = partitions.getPartitionBySlot(SlotHash.getSlot(keys[i]));
				if (node == null) {
					return mgetValues(keys);
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
				reads.add(cluster.getConnectionAsync(nodeId)
					.thenCompose((node) -> node.async()
						.<List<Object>>eval(GET_EACH, ScriptOutputType.MULTI, NO_KEYS, nodeKeys)
						.toCompletableFuture())
					.thenApply((found) -> {
						byte[][] nodeValues = new byte[found.size()][];
						for (int i = 0; i < nodeValues.length; i++) {
							nodeValues[i] = (byte[]) found.get(i);
						}
						return nodeValues;
					})
					.exceptionallyCompose((ex) -> {
						if (!String.valueOf(ex.getMessage()).contains("non local key")) {
							this.clusterScripts = false;
						}
						return mgetValues(nodeKeys);
					})
					.thenAccept((nodeValues) -> {
						for (int i = 0; i < nodeValues.length; i++) {
							values[indexes.get(i)] = nodeValues[i];
						}
					}));
			});
			return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).thenApply((all) -> values);
		}

		private CompletableFuture<byte[][]> mgetValues(byte[][] keys) {
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
