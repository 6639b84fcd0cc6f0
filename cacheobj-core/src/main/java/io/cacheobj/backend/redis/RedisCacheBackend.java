package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.InvalidatingCacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.redis.LettuceCommands.Commands;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConfiguration;
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

	static final int CHUNK_SIZE = 1000;

	private static final byte[] NO = new byte[] { '0' };

	private static final byte[] YES = new byte[] { '1' };

	private final String name;

	private final LettuceConnectionFactory connectionFactory;

	private final boolean ownsConnectionFactory;

	/**
	 * What the connection factory was built with, when its creator said; else tracking
	 * reads it back from the factory.
	 */
	private final @Nullable RedisConfiguration configuration;

	private final RedisFailures failures;

	private final LettuceCommands lettuce;

	private final RedisReconnects reconnects;

	private RedisCacheBackend(String name, LettuceConnectionFactory connectionFactory, boolean ownsConnectionFactory,
			@Nullable RedisConfiguration configuration) {
		this.name = name;
		this.connectionFactory = connectionFactory;
		this.ownsConnectionFactory = ownsConnectionFactory;
		this.configuration = configuration;
		this.failures = new RedisFailures(name);
		this.lettuce = new LettuceCommands(connectionFactory, this.failures);
		this.reconnects = RedisReconnects.watch(this.failures, clientResources(connectionFactory));
	}

	private static @Nullable ClientResources clientResources(LettuceConnectionFactory connectionFactory) {
		ClientResources configured = connectionFactory.getClientResources();
		if (configured != null) {
			return configured;
		}
		if (!connectionFactory.isRunning()) {
			return null;
		}
		AbstractRedisClient client = connectionFactory.getNativeClient();
		return (client != null) ? client.getResources() : null;
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

	/**
	 * Create a backend that owns a connection factory built from the given configuration:
	 * {@link #destroy()} destroys it, and its {@link #invalidations(Duration)
	 * invalidations} connect to the servers the configuration describes, with the
	 * factory's client configuration, instead of reading them back from the factory.
	 * @param name the backend's name, used in messages
	 * @param connectionFactory the connection factory, built from {@code configuration}
	 * @param configuration the servers: a standalone, socket, Sentinel or cluster
	 * configuration
	 * @return the backend
	 * @throws IllegalArgumentException when an argument is {@code null} or the name empty
	 * @since 0.1.0
	 */
	public static RedisCacheBackend createOwning(String name, LettuceConnectionFactory connectionFactory,
			RedisConfiguration configuration) {
		Assert.notNull(configuration, "'configuration' must not be null");
		return create(name, connectionFactory, true, configuration);
	}

	private static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory,
			boolean ownsConnectionFactory) {
		return create(name, connectionFactory, ownsConnectionFactory, null);
	}

	private static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory,
			boolean ownsConnectionFactory, @Nullable RedisConfiguration configuration) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalArgumentException(RedisFailures.describe(name)
					+ " needs a LettuceConnectionFactory, not a " + connectionFactory.getClass().getName());
		}
		return new RedisCacheBackend(name, lettuce, ownsConnectionFactory, configuration);
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
		return invalidations(lease, RedisTrackingMode.BROADCAST);
	}

	/**
	 * Create what tells a near cache with the given lease when a value changes on the
	 * server, as {@link #invalidations(Duration)} does, but in Redis's default tracking
	 * mode ({@code CLIENT TRACKING ON}), in which each JVM opts in to the keys it reads:
	 * the server remembers which JVM read which key and tells only those, once per read,
	 * so a write costs the server in proportion to the JVMs that hold the key rather than
	 * to all of them; the mode for many JVMs that each read their share of the keys. The
	 * server keeps a table of the keys read (bounded by {@code tracking-table-max-keys},
	 * whose evictions it reports as invalidations). The source's connections also make
	 * the near cache's reads that fill it ({@link InvalidationSource#readToKeep}), passed
	 * through the backend's decorators by {@link CacheBackend#readToKeep}; a read that
	 * fails there is made again through the backend, and its answer is not kept.
	 * @param lease the near cache's lease, positive
	 * @return a new, unstarted source
	 * @throws IllegalArgumentException when the lease is not positive
	 * @since 0.1.0
	 */
	public InvalidationSource optInInvalidations(Duration lease) {
		return invalidations(lease, RedisTrackingMode.OPTIN);
	}

	InvalidationSource invalidations(Duration lease, RedisTrackingMode mode) {
		return RedisInvalidations.create(this.name, this.connectionFactory, this.configuration, lease, mode);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		return value(this.lettuce.sync(key, (commands) -> commands.get(bytes(key))));
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return this.lettuce.async(key, (commands) -> commands.get(bytes(key))).thenApply(RedisCacheBackend::value);
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
		return this.lettuce.withCommands(keys.get(0), (commands) -> {
			List<CompletableFuture<byte[][]>> chunks = readAll(commands, keys);
			return ordered(keys, chunks, (chunk) -> this.lettuce.await(keys.get(0), chunk));
		});
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		if (!this.lettuce.sharesNativeConnection()) {
			return BackendFailures.now(() -> getAllInOrder(keys));
		}
		List<CompletableFuture<byte[][]>> chunks = new ArrayList<>();
		try {
			for (CompletableFuture<byte[][]> chunk : readAll(this.lettuce.shared(keys.get(0)), keys)) {
				chunks.add(this.lettuce.completion(keys.get(0), chunk));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(this.failures.failure(keys.get(0), ex));
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
		this.lettuce.sync(key, (commands) -> set(commands, key, value, ttl));
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return this.lettuce.async(key, (commands) -> set(commands, key, value, ttl)).thenApply((ok) -> null);
	}

	private static RedisFuture<String> set(Commands commands, String key, StoredValue value, @Nullable Duration ttl) {
		return (ttl != null) ? commands.set(bytes(key), value.bytes(), SetArgs.Builder.px(millis(ttl)))
				: commands.set(bytes(key), value.bytes());
	}

	@Override
	public boolean delete(String key) {
		Long deleted = this.lettuce.sync(key, (commands) -> commands.del(bytes(key)));
		return deleted != null && deleted > 0;
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		List<String> list = list(keys);
		return this.lettuce.withCommands(list.get(0), (commands) -> {
			long deleted = 0;
			for (RedisFuture<Long> chunk : del(commands, list)) {
				Long count = this.lettuce.await(list.get(0), chunk);
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
		if (!this.lettuce.sharesNativeConnection()) {
			return BackendFailures.now(() -> deleteAll(keys));
		}
		List<String> list = list(keys);
		List<CompletableFuture<Long>> chunks = new ArrayList<>();
		try {
			for (RedisFuture<Long> chunk : del(this.lettuce.shared(list.get(0)), list)) {
				chunks.add(this.lettuce.completion(list.get(0), chunk));
			}
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(this.failures.failure(list.get(0), ex));
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
		Assert.notNull(prefix, "'prefix' must not be null");
		long[] deleted = new long[1];
		this.lettuce.scan(prefix, CHUNK_SIZE, (commands, keys) -> {
			Long count = this.lettuce.await(prefix, commands.unlink(keys.toArray(byte[][]::new)));
			deleted[0] += (count != null) ? count : 0;
		});
		return deleted[0];
	}

	/**
	 * List the keys under a prefix with {@code SCAN MATCH} in batches of
	 * {@value #CHUNK_SIZE}; on a cluster Lettuce's cluster {@code SCAN} visits every
	 * master in turn.
	 */
	@Override
	public List<String> keysByPrefix(String prefix) {
		Assert.notNull(prefix, "'prefix' must not be null");
		List<String> found = new ArrayList<>();
		this.lettuce.scan(prefix, CHUNK_SIZE, (commands, keys) -> {
			for (byte[] key : keys) {
				found.add(new String(key, StandardCharsets.UTF_8));
			}
		});
		return found;
	}

	@Override
	public void writeAll(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return;
		}
		String first = writes.get(0).key();
		this.lettuce.withCommands(first, (commands) -> {
			this.lettuce.awaitWrites(first,
					new RedisWritePipeline(this.lettuce, this.failures, commands, writes).start());
			return null;
		});
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		if (!this.lettuce.sharesNativeConnection()) {
			return BackendFailures.now(() -> {
				writeAll(writes);
				return null;
			});
		}
		try {
			return new RedisWritePipeline(this.lettuce, this.failures, this.lettuce.shared(writes.get(0).key()), writes)
				.start();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(BackendFailures.allWritesFailed(this.failures.backend(), writes,
					this.failures.failure(writes.get(0).key(), ex)));
		}
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		Long value = this.lettuce.sync(key, (commands) -> increment(commands, key, delta, ttl));
		Assert.state(value != null, "INCRBY returned no value");
		return value;
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return this.lettuce.async(key, (commands) -> increment(commands, key, delta, ttl));
	}

	private static RedisFuture<Long> increment(Commands commands, String key, long delta, @Nullable Duration ttl) {
		if (ttl == null) {
			return commands.incrby(bytes(key), delta);
		}
		return commands.eval(RedisScripts.INCREMENT_WITH_TTL, ScriptOutputType.INTEGER, new byte[][] { bytes(key) },
				bytes(Long.toString(delta)), bytes(Long.toString(millis(ttl))));
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		SetArgs args = (ttl != null) ? SetArgs.Builder.nx().px(millis(ttl)) : SetArgs.Builder.nx();
		return "OK".equals(this.lettuce.sync(key, (commands) -> commands.set(bytes(key), value.bytes(), args)));
	}

	/**
	 * Compare and set in one script, which compares the stored bytes and writes (with the
	 * time to live) or deletes atomically; a script rather than Redis 8.4's
	 * {@code SET ... IFEQ}, so that every Redis 6 and later server does it.
	 */
	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		Long replaced = this.lettuce.sync(key,
				(commands) -> commands.eval(RedisScripts.COMPARE_AND_SET, ScriptOutputType.INTEGER,
						new byte[][] { bytes(key) }, (expected != null) ? YES : NO,
						(expected != null) ? expected.bytes() : NO, (update != null) ? YES : NO,
						(update != null) ? update.bytes() : NO, bytes(Long.toString((ttl != null) ? millis(ttl) : 0))));
		return replaced != null && replaced == 1;
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		if (value == null) {
			return value(this.lettuce.sync(key, (commands) -> commands.<byte[]>eval(RedisScripts.GET_AND_DELETE,
					ScriptOutputType.VALUE, new byte[][] { bytes(key) })));
		}
		SetArgs args = (ttl != null) ? SetArgs.Builder.px(millis(ttl)) : new SetArgs();
		return value(this.lettuce.sync(key, (commands) -> commands.setGet(bytes(key), value.bytes(), args)));
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return Boolean.TRUE.equals(this.lettuce.sync(key, (commands) -> commands.pexpire(bytes(key), millis(ttl))));
	}

	@Override
	public Map<String, Object> check() {
		RedisConnection connection;
		try {
			connection = this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			throw this.failures.failure("(health check)", ex);
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
			throw this.failures.failure("(health check)", ex);
		}
		finally {
			connection.close();
		}
	}

	/**
	 * Return how many times a connection of this backend was lost and connected again
	 * since the backend was created, counted from the events of its Lettuce client
	 * resources (on the application's connection factory: of every connection on the
	 * application's resources): a connection counts when it is connected again to the
	 * server it lost, not when it comes back on another one, as after a Sentinel
	 * failover. Each reconnect is also logged once, at info level.
	 * @return the number of reconnects
	 * @since 0.1.0
	 */
	public long reconnects() {
		return this.reconnects.count();
	}

	@Override
	public void destroy() throws Exception {
		this.reconnects.close();
		if (this.ownsConnectionFactory) {
			this.connectionFactory.destroy();
		}
	}

	private static @Nullable StoredValue value(byte @Nullable [] value) {
		return (value != null) ? StoredValue.of(value) : null;
	}

	private static List<String> list(Collection<String> keys) {
		return (keys instanceof List<String> list) ? list : List.copyOf(keys);
	}

	static long millis(Duration ttl) {
		return Math.max(1, ttl.toMillis());
	}

	static byte[] bytes(String text) {
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

}
