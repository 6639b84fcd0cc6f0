package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.near.InvalidationSource;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.ClusterInfo;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.util.Assert;

/**
 * A {@link CacheBackend} on a Redis server or cluster, through a Spring Data Redis
 * {@link RedisConnectionFactory}.
 * <p>
 * Each value is one Redis string under its key. A time to live is written with the value
 * in one {@code SET ... PX}; bulk reads are {@code MGET} and bulk deletes {@code DEL},
 * split into chunks of {@value #CHUNK_SIZE} keys, and by hash slot on a cluster (Lettuce
 * sends the slots' commands to their nodes together); counters are {@code INCRBY}. Flags
 * are not stored: Redis has none, and the Python library needs none there.
 *
 * @since 0.1.0
 */
public final class RedisCacheBackend implements CacheBackend, DisposableBean {

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

	private final RedisConnectionFactory connectionFactory;

	private final boolean ownsConnectionFactory;

	private final boolean lettuce;

	private final boolean sharesNativeConnection;

	private final @Nullable Duration timeout;

	private RedisCacheBackend(String name, RedisConnectionFactory connectionFactory, boolean ownsConnectionFactory) {
		this.name = name;
		this.connectionFactory = connectionFactory;
		this.ownsConnectionFactory = ownsConnectionFactory;
		LettuceConnectionFactory lettuce = (connectionFactory instanceof LettuceConnectionFactory factory) ? factory
				: null;
		this.lettuce = lettuce != null;
		this.sharesNativeConnection = lettuce != null && lettuce.getShareNativeConnection();
		this.timeout = (lettuce != null) ? lettuce.getClientConfiguration().getCommandTimeout() : null;
	}

	/**
	 * Create a backend on a connection factory that the caller manages, such as the
	 * application's.
	 * @param name the backend's name, used in messages
	 * @param connectionFactory the connection factory
	 * @return the backend
	 */
	public static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory) {
		return create(name, connectionFactory, false);
	}

	/**
	 * Create a backend that owns its connection factory: {@link #destroy()} destroys it.
	 * @param name the backend's name, used in messages
	 * @param connectionFactory the connection factory
	 * @return the backend
	 */
	public static RedisCacheBackend createOwning(String name, RedisConnectionFactory connectionFactory) {
		return create(name, connectionFactory, true);
	}

	private static RedisCacheBackend create(String name, RedisConnectionFactory connectionFactory,
			boolean ownsConnectionFactory) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notNull(connectionFactory, "'connectionFactory' must not be null");
		return new RedisCacheBackend(name, connectionFactory, ownsConnectionFactory);
	}

	/**
	 * Create what tells a near cache of this backend when a value changes on the server:
	 * dedicated connections of its own that track the keys (see
	 * {@link RedisInvalidations}).
	 * @return a new, unstarted source
	 * @throws IllegalStateException when the connection factory is not Lettuce's
	 * @since 0.2.0
	 */
	public InvalidationSource invalidations() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			throw new IllegalStateException(
					"Redis backend '" + this.name + "' uses a " + this.connectionFactory.getClass().getSimpleName()
							+ ", and only Lettuce's can track keys for a near cache");
		}
		return RedisInvalidations.create(this.name, lettuce);
	}

	@Override
	public @Nullable StoredValue get(String key) {
		byte[] value = execute(key, (connection) -> connection.stringCommands().get(bytes(key)));
		return (value != null) ? StoredValue.of(value) : null;
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		List<String> list = List.copyOf(keys);
		return execute(list.get(0), (connection) -> {
			Map<String, StoredValue> values = new HashMap<>((int) (list.size() / 0.75f) + 1);
			for (int start = 0; start < list.size(); start += CHUNK_SIZE) {
				List<String> chunk = list.subList(start, Math.min(list.size(), start + CHUNK_SIZE));
				List<byte[]> found = connection.stringCommands().mGet(bytes(chunk));
				for (int i = 0; i < chunk.size(); i++) {
					byte[] value = found.get(i);
					if (value != null) {
						values.put(chunk.get(i), StoredValue.of(value));
					}
				}
			}
			return values;
		});
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		execute(key,
				(connection) -> (ttl != null) ? connection.stringCommands()
					.set(bytes(key), value.bytes(), Expiration.from(millis(ttl), TimeUnit.MILLISECONDS),
							SetOption.upsert())
						: connection.stringCommands().set(bytes(key), value.bytes()));
	}

	@Override
	public boolean delete(String key) {
		Long deleted = execute(key, (connection) -> connection.keyCommands().del(bytes(key)));
		return deleted != null && deleted > 0;
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return 0;
		}
		List<String> list = List.copyOf(keys);
		return execute(list.get(0), (connection) -> {
			long deleted = 0;
			for (int start = 0; start < list.size(); start += CHUNK_SIZE) {
				Long count = connection.keyCommands()
					.del(bytes(list.subList(start, Math.min(list.size(), start + CHUNK_SIZE))));
				deleted += (count != null) ? count : 0;
			}
			return deleted;
		});
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		Long value = execute(key, (connection) -> {
			if (ttl == null) {
				return connection.stringCommands().incrBy(bytes(key), delta);
			}
			return connection.scriptingCommands()
				.eval(INCREMENT_WITH_TTL, ReturnType.INTEGER, 1, bytes(key), bytes(Long.toString(delta)),
						bytes(Long.toString(millis(ttl))));
		});
		Assert.state(value != null, "INCRBY returned no value");
		return value;
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		Boolean set = execute(key, (connection) -> connection.stringCommands()
			.set(bytes(key), value.bytes(), expiration(ttl), SetOption.ifAbsent()));
		return Boolean.TRUE.equals(set);
	}

	/**
	 * Compare and set in one script, which compares the stored bytes and writes (with the
	 * time to live) or deletes atomically; a script rather than Redis 8.4's
	 * {@code SET ... IFEQ}, so that every Redis 6 and later server does it.
	 */
	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		Long replaced = execute(key, (connection) -> connection.scriptingCommands()
			.eval(COMPARE_AND_SET, ReturnType.INTEGER, 1, bytes(key), (expected != null) ? YES : NO,
					(expected != null) ? expected.bytes() : NO, (update != null) ? YES : NO,
					(update != null) ? update.bytes() : NO, bytes(Long.toString((ttl != null) ? millis(ttl) : 0))));
		return replaced != null && replaced == 1;
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		byte[] previous = execute(key, (connection) -> {
			if (value == null) {
				return connection.scriptingCommands().eval(GET_AND_DELETE, ReturnType.VALUE, 1, bytes(key));
			}
			return connection.stringCommands().setGet(bytes(key), value.bytes(), expiration(ttl), SetOption.upsert());
		});
		return (previous != null) ? StoredValue.of(previous) : null;
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		Boolean touched = execute(key, (connection) -> connection.keyCommands().pExpire(bytes(key), millis(ttl)));
		return Boolean.TRUE.equals(touched);
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		if (!this.lettuce) {
			return CacheBackend.super.getAsync(key);
		}
		return executeAsync(key, (commands) -> commands.get(bytes(key)))
			.thenApply((value) -> (value != null) ? StoredValue.of(value) : null);
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (!this.lettuce) {
			return CacheBackend.super.getAllAsync(keys);
		}
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		List<String> list = List.copyOf(keys);
		return executeAsync(list.get(0), (commands) -> commands.mget(bytes(list))).thenApply((found) -> {
			Map<String, StoredValue> values = new HashMap<>((int) (found.size() / 0.75f) + 1);
			for (int i = 0; i < found.size(); i++) {
				KeyValue<byte[], byte[]> value = found.get(i);
				if (value.hasValue()) {
					values.put(list.get(i), StoredValue.of(value.getValue()));
				}
			}
			return values;
		});
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		if (!this.lettuce) {
			return CacheBackend.super.setAsync(key, value, ttl);
		}
		return executeAsync(key,
				(commands) -> (ttl != null) ? commands.set(bytes(key), value.bytes(), SetArgs.Builder.px(millis(ttl)))
						: commands.set(bytes(key), value.bytes()))
			.thenApply((ok) -> null);
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		if (!this.lettuce) {
			return CacheBackend.super.deleteAllAsync(keys);
		}
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(0L);
		}
		List<String> list = List.copyOf(keys);
		return executeAsync(list.get(0), (commands) -> commands.del(bytes(list)));
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		if (!this.lettuce) {
			return CacheBackend.super.incrementAsync(key, delta, ttl);
		}
		if (ttl == null) {
			return executeAsync(key, (commands) -> commands.incrby(bytes(key), delta));
		}
		return executeAsync(key, (commands) -> commands.<Long>eval(INCREMENT_WITH_TTL, ScriptOutputType.INTEGER,
				new byte[][] { bytes(key) }, bytes(Long.toString(delta)), bytes(Long.toString(millis(ttl)))));
	}

	@Override
	public Map<String, Object> check() {
		return execute("(health check)", (connection) -> {
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
		});
	}

	@Override
	public void destroy() throws Exception {
		if (this.ownsConnectionFactory && this.connectionFactory instanceof DisposableBean disposable) {
			disposable.destroy();
		}
	}

	/**
	 * Send a command on Lettuce's native connection without waiting for its answer. With
	 * Spring Data Redis's shared native connection (its default), the command stays on
	 * that connection after the Spring Data connection is closed; without one, the call
	 * is made on the caller's thread instead, since closing a dedicated connection would
	 * cancel it.
	 */
	@SuppressWarnings("unchecked")
	private <T> CompletableFuture<T> executeAsync(String key,
			Function<RedisClusterAsyncCommands<byte[], byte[]>, RedisFuture<T>> action) {
		RedisConnection connection;
		try {
			connection = this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failure(key, ex));
		}
		CompletableFuture<T> result;
		try {
			result = action.apply((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection())
				.toCompletableFuture();
			if (!this.sharesNativeConnection) {
				result.join();
			}
		}
		catch (CompletionException ex) {
			result = CompletableFuture.failedFuture(ex.getCause());
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(failure(key, ex));
		}
		finally {
			connection.close();
		}
		if (this.timeout != null) {
			result = result.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		return result.handle((value, ex) -> {
			if (ex != null) {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
				throw failure(key, (cause instanceof RuntimeException runtime) ? runtime
						: new IllegalStateException(cause.toString(), cause));
			}
			return value;
		});
	}

	private <T> T execute(String key, Function<RedisConnection, T> action) {
		RedisConnection connection;
		try {
			connection = this.connectionFactory.getConnection();
		}
		catch (RuntimeException ex) {
			throw failure(key, ex);
		}
		try {
			return action.apply(connection);
		}
		catch (RuntimeException ex) {
			throw failure(key, ex);
		}
		finally {
			connection.close();
		}
	}

	private RuntimeException failure(String key, RuntimeException ex) {
		String backend = "Redis backend '" + this.name + "'";
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

	private static Expiration expiration(@Nullable Duration ttl) {
		return (ttl != null) ? Expiration.from(millis(ttl), TimeUnit.MILLISECONDS) : Expiration.persistent();
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

}
