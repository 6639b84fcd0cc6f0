package io.cacheobj.backend.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.BulkFuture;
import net.spy.memcached.internal.GetFuture;
import net.spy.memcached.internal.OperationFuture;
import net.spy.memcached.ops.OperationStatus;
import net.spy.memcached.ops.StatusCode;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;
import org.springframework.util.CollectionUtils;

/**
 * A {@link CacheBackend} on one or more memcached servers, through spymemcached.
 * <p>
 * Keys are spread over the servers with Ketama consistent hashing, or, to share several
 * servers with python-memcached, as it spreads them: CRC32 modulo the number of servers,
 * in the same order. Bulk reads are one {@code get} of many keys per server; counters are
 * {@code incr}/{@code decr}, created with {@code add} when absent. memcached counters are
 * unsigned: a negative delta stops at {@code 0}. Values keep their flags, so
 * python-memcached reads text as {@code str} and integers as {@code int}.
 * <p>
 * Keys memcached refuses (over 250 bytes, white space or control characters) are replaced
 * by a deterministic {@code cacheobj:sha256:} key. Values too large for the server's item
 * size are refused before they are sent, because memcached drops the previous value of a
 * key whose new value it refuses. A time to live over 30 days is sent as an absolute Unix
 * time, as memcached reads it.
 * <p>
 * The binary protocol is the default: over the text protocol, memcached answers an
 * increment of a non-integer with {@code CLIENT_ERROR}, on which spymemcached drops and
 * reopens the connection, failing the server's other operations for about a second. Both
 * protocols share the same items, so Python clients read either.
 *
 * @since 0.1.0
 */
public final class MemcachedCacheBackend implements CacheBackend, DisposableBean {

	/**
	 * The smallest item size, in bytes, that {@link Builder#maxItemSize(long)} accepts:
	 * memcached refuses to start with an {@code -I} under 1 KiB.
	 * @since 0.1.0
	 */
	public static final int MIN_ITEM_SIZE = 1024;

	/** memcached's own default item size, {@code -I 1m}. */
	private static final int DEFAULT_ITEM_SIZE = 1024 * 1024;

	/** Room for memcached's item header (its CAS value included) beside key and value. */
	private static final int ITEM_OVERHEAD = 64;

	/**
	 * memcached reads a longer expiry as an absolute Unix time instead of seconds from
	 * now.
	 */
	private static final long MAX_RELATIVE_EXPIRY_SECONDS = Duration.ofDays(30).toSeconds();

	/** The expiry memcached reads as "never". */
	private static final int NEVER_EXPIRES = 0;

	/**
	 * How often {@link #increment} tries again when another client creates the counter
	 * between its {@code incr} and its {@code add}, or the counter expires in between.
	 */
	private static final int COUNTER_ATTEMPTS = 5;

	/**
	 * How often a compare-and-set reads and compares again when another client changes
	 * the value between its {@code gets} and its {@code cas}.
	 */
	private static final int CAS_ATTEMPTS = 100;

	private final String name;

	private final MemcachedClient client;

	private final StoredValueTranscoder transcoder;

	private final MemcachedFailures failures;

	private final long timeoutMillis;

	private final int maxItemSize;

	private final Clock clock;

	/** Sends the asynchronous bulk writes, so that their callers never send. */
	private final ExecutorService senders;

	/** Fails at once an operation spymemcached would queue on a server that is down. */
	private final MemcachedRouting routing;

	private MemcachedCacheBackend(Builder builder) throws IOException {
		this.name = builder.name;
		this.timeoutMillis = builder.timeout.toMillis();
		this.maxItemSize = builder.maxItemSize;
		this.clock = builder.clock;
		this.failures = new MemcachedFailures(builder.name, builder.timeout);
		// set checks the item size itself, key and header included, so the transcoder
		// never refuses.
		this.transcoder = new StoredValueTranscoder(Integer.MAX_VALUE);
		ConnectionFactoryBuilder connection = new ConnectionFactoryBuilder()
			.setProtocol(builder.binaryProtocol ? Protocol.BINARY : Protocol.TEXT)
			.setLocatorType(builder.pythonDistribution ? Locator.ARRAY_MOD : Locator.CONSISTENT)
			.setHashAlg(builder.pythonDistribution ? DefaultHashAlgorithm.CRC_HASH : DefaultHashAlgorithm.KETAMA_HASH)
			.setFailureMode(builder.failureMode)
			.setOpTimeout(this.timeoutMillis)
			.setMaxReconnectDelay(builder.maxReconnectDelay.toSeconds())
			.setTranscoder(this.transcoder)
			.setDaemon(true);
		this.client = new MemcachedClient(FastReconnect.of(connection.build()), builder.servers);
		this.routing = new MemcachedRouting(this.failures);
		if (builder.failureMode == FailureMode.Redistribute && builder.servers.size() > 1) {
			this.routing.watch(this.client.getNodeLocator());
		}
		this.client.addObserver(this.routing);
		this.senders = MemcachedWritePipeline.senders(builder.name);
	}

	/**
	 * Start building a backend.
	 * @param name the backend's name, used in messages
	 * @param servers the servers, at least one
	 * @return a builder with a timeout of 1 second, the binary protocol, redistribution
	 * of a failed server's keys, and an item size of 1 MiB
	 */
	public static Builder builder(String name, List<InetSocketAddress> servers) {
		Assert.hasText(name, "'name' must not be empty");
		Assert.notEmpty(servers, "'servers' must not be empty");
		return new Builder(name, List.copyOf(servers));
	}

	@Override
	public @Nullable StoredValue get(String key) {
		String safeKey = routedKey(key);
		return (StoredValue) this.failures.await(key, this.client.asyncGet(safeKey, this.transcoder));
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		BulkKeys bulk = new BulkKeys(keys);
		return bulk.found(this.failures.await(bulk.first, this.client.asyncGetBulk(bulk.sent, this.transcoder)));
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		BulkKeys bulk = new BulkKeys(keys);
		return bulk.inOrder(this.failures.await(bulk.first, this.client.asyncGetBulk(bulk.sent, this.transcoder)));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		String safeKey = routed(key, checkedKey(key, value));
		OperationFuture<Boolean> future = this.client.set(safeKey, expiration(ttl), value, this.transcoder);
		if (!Boolean.TRUE.equals(this.failures.await(key, future))) {
			throw this.failures.refused(key, future.getStatus());
		}
	}

	/**
	 * Return the key memcached stores a value under, after checking that the value fits
	 * in an item: memcached drops a key's previous value when it refuses a new one.
	 */
	private String checkedKey(String key, StoredValue value) {
		String safeKey = MemcachedKeys.safeKey(key);
		int size = value.bytes().length + safeKey.length() + ITEM_OVERHEAD;
		if (size > this.maxItemSize) {
			throw this.failures.tooLarge(key, value.bytes().length, this.maxItemSize);
		}
		return safeKey;
	}

	/**
	 * Return the key memcached stores a value under, after checking that a server that is
	 * up holds it.
	 */
	private String routedKey(String key) {
		return routed(key, MemcachedKeys.safeKey(key));
	}

	private String routed(String key, String safeKey) {
		this.routing.check(key, safeKey);
		return safeKey;
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		String safeKey = routed(key, checkedKey(key, value));
		return Boolean.TRUE
			.equals(this.failures.await(key, this.client.add(safeKey, expiration(ttl), value, this.transcoder)));
	}

	/**
	 * Compare and set with {@code gets} and {@code cas}: two round trips, since memcached
	 * compares CAS tokens, not values. When another client changes the value in between,
	 * the value is read and compared again.
	 */
	@Override
	public boolean compareAndSet(String key, @Nullable StoredValue expected, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		if (expected == null) {
			return (update != null) ? setIfAbsent(key, update, ttl) : get(key) == null;
		}
		String safeKey = routed(key, (update != null) ? checkedKey(key, update) : MemcachedKeys.safeKey(key));
		for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
			CASValue<Object> current = this.failures.await(key, this.client.asyncGets(safeKey, this.transcoder));
			if (current == null || !Arrays.equals(((StoredValue) current.getValue()).bytes(), expected.bytes())) {
				return false;
			}
			if (replace(key, safeKey, current.getCas(), update, ttl)) {
				return true;
			}
		}
		throw this.failures.keptChanging(key);
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		String safeKey = routed(key, (value != null) ? checkedKey(key, value) : MemcachedKeys.safeKey(key));
		for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
			CASValue<Object> current = this.failures.await(key, this.client.asyncGets(safeKey, this.transcoder));
			if (current == null) {
				if (value == null || Boolean.TRUE.equals(
						this.failures.await(key, this.client.add(safeKey, expiration(ttl), value, this.transcoder)))) {
					return null;
				}
			}
			else if (replace(key, safeKey, current.getCas(), value, ttl)) {
				return (StoredValue) current.getValue();
			}
		}
		throw this.failures.keptChanging(key);
	}

	/**
	 * Replace (or delete) a value read with {@code gets}, unless it changed since.
	 * @return whether it was replaced
	 */
	private boolean replace(String key, String safeKey, long cas, @Nullable StoredValue update,
			@Nullable Duration ttl) {
		if (update == null) {
			return Boolean.TRUE.equals(this.failures.await(key, this.client.delete(safeKey, cas)));
		}
		OperationFuture<CASResponse> future = this.client.asyncCAS(safeKey, cas, expiration(ttl), update,
				this.transcoder);
		CASResponse response = this.failures.await(key, future);
		if (response == CASResponse.OK) {
			return true;
		}
		if (response == CASResponse.EXISTS || response == CASResponse.NOT_FOUND) {
			return false;
		}
		throw this.failures.refused(key, future.getStatus());
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return Boolean.TRUE.equals(this.failures.await(key, this.client.touch(routedKey(key), expiration(ttl))));
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		try {
			GetFuture<Object> future = this.client.asyncGet(routedKey(key), this.transcoder);
			future.addListener((done) -> this.failures.complete(key, future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
		return timed(result).thenApply((value) -> (StoredValue) value);
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		BulkKeys bulk = new BulkKeys(keys);
		return getBulk(bulk).thenApply(bulk::found);
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		BulkKeys bulk = new BulkKeys(keys);
		return getBulk(bulk).thenApply(bulk::inOrder);
	}

	private CompletableFuture<Map<String, Object>> getBulk(BulkKeys bulk) {
		CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
		try {
			BulkFuture<Map<String, Object>> future = this.client.asyncGetBulk(bulk.sent, this.transcoder);
			future.addListener((done) -> this.failures.complete(bulk.first, future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(bulk.first, ex));
		}
		return timed(result);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return timed(sendSet(key, value, ttl)).thenApply((written) -> null);
	}

	/**
	 * Send a {@code set}, without a timeout of its own.
	 */
	private CompletableFuture<Boolean> sendSet(String key, StoredValue value, @Nullable Duration ttl) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		try {
			OperationFuture<Boolean> future = this.client.set(checkedKey(key, value), expiration(ttl), value,
					this.transcoder);
			future.addListener((done) -> {
				try {
					if (Boolean.TRUE.equals(this.failures.await(key, future))) {
						result.complete(true);
					}
					else {
						result.completeExceptionally(this.failures.refused(key, future.getStatus()));
					}
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(ex);
		}
		return result;
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		List<CompletableFuture<Boolean>> deletions = new ArrayList<>(keys.size());
		for (String key : keys) {
			deletions.add(sendDelete(key));
		}
		return timed(CompletableFuture.allOf(deletions.toArray(CompletableFuture[]::new)))
			.thenApply((all) -> deletions.stream().filter((deletion) -> Boolean.TRUE.equals(deletion.join())).count());
	}

	@Override
	public void writeAll(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return;
		}
		new MemcachedWritePipeline(this, this.failures, this.timeoutMillis, writes).run();
	}

	@Override
	public CompletableFuture<@Nullable Void> writeAllAsync(List<CacheWrite> writes) {
		if (writes.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		return new MemcachedWritePipeline(this, this.failures, this.timeoutMillis, writes).start(this.senders);
	}

	/**
	 * Send a {@code set} of a bulk write, whose chunk awaits it.
	 */
	OperationFuture<Boolean> startSet(String key, StoredValue value, @Nullable Duration ttl) {
		return this.client.set(checkedKey(key, value), expiration(ttl), value, this.transcoder);
	}

	/**
	 * Send a {@code delete} of a bulk write, whose chunk awaits it.
	 */
	OperationFuture<Boolean> startDelete(String key) {
		return this.client.delete(MemcachedKeys.safeKey(key));
	}

	/**
	 * Send the {@code incr} or {@code decr} of a bulk write's increment, whose chunk
	 * awaits it.
	 */
	OperationFuture<Long> startMutation(String key, long delta) {
		String safeKey = MemcachedKeys.safeKey(key);
		return (delta >= 0) ? this.client.asyncIncr(safeKey, delta)
				: this.client.asyncDecr(safeKey, Math.negateExact(delta));
	}

	/**
	 * Send the {@code add} that creates a missing counter.
	 */
	OperationFuture<Boolean> startCounterAdd(String key, long initial, @Nullable Duration ttl) {
		return this.client.add(MemcachedKeys.safeKey(key), expiration(ttl), counter(initial), this.transcoder);
	}

	private CompletableFuture<Boolean> sendDelete(String key) {
		CompletableFuture<Boolean> result = new CompletableFuture<>();
		try {
			OperationFuture<Boolean> future = this.client.delete(routedKey(key));
			future.addListener((done) -> this.failures.complete(key, future, result));
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
		return result;
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return timed(sendIncrement(key, delta, ttl));
	}

	/**
	 * Send an increment, without a timeout of its own.
	 */
	private CompletableFuture<Long> sendIncrement(String key, long delta, @Nullable Duration ttl) {
		CompletableFuture<Long> result = new CompletableFuture<>();
		incrementAsync(key, MemcachedKeys.safeKey(key), delta, ttl, 0, result);
		return result;
	}

	/**
	 * One attempt of {@link #increment}'s {@code incr}, then {@code add} when the counter
	 * is missing, each continued from the previous one's completion listener.
	 */
	private void incrementAsync(String key, String safeKey, long delta, @Nullable Duration ttl, int attempt,
			CompletableFuture<Long> result) {
		if (attempt == COUNTER_ATTEMPTS) {
			result.completeExceptionally(this.failures.counterKeptChanging(key));
			return;
		}
		try {
			OperationFuture<Long> mutation = (delta >= 0) ? this.client.asyncIncr(safeKey, delta)
					: this.client.asyncDecr(safeKey, Math.negateExact(delta));
			mutation.addListener((mutated) -> {
				try {
					Long value = this.failures.await(key, mutation);
					if (value != null && value >= 0) {
						result.complete(value);
						return;
					}
					if (mutation.getStatus().getStatusCode() != StatusCode.ERR_NOT_FOUND) {
						throw this.failures.refused(key, mutation.getStatus());
					}
					long initial = Math.max(0, delta);
					OperationFuture<Boolean> creation = this.client.add(safeKey, expiration(ttl), counter(initial),
							this.transcoder);
					creation.addListener((created) -> {
						try {
							if (Boolean.TRUE.equals(this.failures.await(key, creation))) {
								result.complete(initial);
							}
							else {
								incrementAsync(key, safeKey, delta, ttl, attempt + 1, result);
							}
						}
						catch (RuntimeException ex) {
							result.completeExceptionally(ex);
						}
					});
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RuntimeException ex) {
			result.completeExceptionally(this.failures.failed(key, ex));
		}
	}

	private static StoredValue counter(long value) {
		return new StoredValue(Long.toString(value).getBytes(StandardCharsets.US_ASCII), StoredValue.INTEGER_FLAGS);
	}

	private <T> CompletableFuture<T> timed(CompletableFuture<T> result) {
		return result.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public boolean delete(String key) {
		return Boolean.TRUE.equals(this.failures.await(key, this.client.delete(routedKey(key))));
	}

	@Override
	public long deleteAll(Collection<String> keys) {
		List<OperationFuture<Boolean>> futures = new ArrayList<>(keys.size());
		for (String key : keys) {
			futures.add(this.client.delete(MemcachedKeys.safeKey(key)));
		}
		long deleted = 0;
		int i = 0;
		for (String key : keys) {
			if (Boolean.TRUE.equals(this.failures.await(key, futures.get(i++)))) {
				deleted++;
			}
		}
		return deleted;
	}

	@Override
	public long increment(String key, long delta, @Nullable Duration ttl) {
		String safeKey = routedKey(key);
		for (int attempt = 0; attempt < COUNTER_ATTEMPTS; attempt++) {
			OperationFuture<Long> mutation = (delta >= 0) ? this.client.asyncIncr(safeKey, delta)
					: this.client.asyncDecr(safeKey, Math.negateExact(delta));
			Long value = this.failures.await(key, mutation);
			// spymemcached answers -1, with a status, when the counter is missing or
			// refused.
			if (value != null && value >= 0) {
				return value;
			}
			OperationStatus status = mutation.getStatus();
			if (status.getStatusCode() != StatusCode.ERR_NOT_FOUND) {
				throw this.failures.refused(key, status);
			}
			// memcached counters are unsigned: a decrement of a missing counter starts it
			// at 0.
			long initial = Math.max(0, delta);
			OperationFuture<Boolean> creation = this.client.add(safeKey, expiration(ttl), counter(initial),
					this.transcoder);
			if (Boolean.TRUE.equals(this.failures.await(key, creation))) {
				return initial;
			}
		}
		throw this.failures.counterKeptChanging(key);
	}

	/**
	 * Ask every server for its version. The backend is up while at least one server
	 * answers; each server's version, or {@code unavailable}, is in the details.
	 */
	@Override
	public Map<String, Object> check() {
		Map<SocketAddress, String> versions;
		try {
			versions = this.client.getVersions();
		}
		catch (RuntimeException ex) {
			throw this.failures.healthCheckFailed(ex);
		}
		Map<String, Object> servers = new TreeMap<>();
		for (SocketAddress server : this.client.getAvailableServers()) {
			servers.put(describe(server), "available");
		}
		for (SocketAddress server : this.client.getUnavailableServers()) {
			servers.put(describe(server), "unavailable");
		}
		versions.forEach((server, version) -> servers.put(describe(server), version));
		if (versions.isEmpty()) {
			throw this.failures.noServerAnswers(servers);
		}
		return Map.of("servers", servers);
	}

	private static String describe(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return inet.getHostString() + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	/**
	 * Return how many times a server's connection was lost and connected again since the
	 * backend was created. Each reconnect is also logged once, at info level.
	 * @return the number of reconnects
	 * @since 0.1.0
	 */
	public long reconnects() {
		return this.routing.reconnects();
	}

	@Override
	public void destroy() {
		this.senders.shutdown();
		this.client.shutdown(this.timeoutMillis, TimeUnit.MILLISECONDS);
	}

	private int expiration(@Nullable Duration ttl) {
		if (ttl == null) {
			return NEVER_EXPIRES;
		}
		// Whole seconds, rounded up so that no item expires early, and at least one,
		// because zero would mean never.
		long seconds = Math.max(1, (ttl.toMillis() + 999) / 1000);
		if (seconds <= MAX_RELATIVE_EXPIRY_SECONDS) {
			return (int) seconds;
		}
		// The expiry is a 32-bit field: a later time is sent as the last one it holds.
		return (int) Math.min(Integer.MAX_VALUE, this.clock.instant().getEpochSecond() + seconds);
	}

	/**
	 * Return the client's node locator, for tests that need to know where a key goes.
	 * @return the locator
	 */
	NodeLocator locator() {
		return this.client.getNodeLocator();
	}

	@Override
	public String toString() {
		return "MemcachedCacheBackend[" + this.name + "]";
	}

	/**
	 * Builds a {@link MemcachedCacheBackend}.
	 */
	public static final class Builder {

		private final String name;

		private final List<InetSocketAddress> servers;

		private Duration timeout = Duration.ofSeconds(1);

		private boolean binaryProtocol = true;

		private FailureMode failureMode = FailureMode.Redistribute;

		private int maxItemSize = DEFAULT_ITEM_SIZE;

		private boolean pythonDistribution;

		// spymemcached waits up to 30 seconds by default; a restarted server is used
		// again sooner.
		private Duration maxReconnectDelay = Duration.ofSeconds(1);

		private Clock clock = Clock.systemUTC();

		private Builder(String name, List<InetSocketAddress> servers) {
			this.name = name;
			this.servers = servers;
		}

		/**
		 * Set how long an operation may take.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(Duration timeout) {
			this.timeout = BackendFailures.requirePositive("'timeout'", timeout);
			return this;
		}

		/**
		 * Set whether to speak the binary protocol instead of the text protocol.
		 * @param binaryProtocol whether to use the binary protocol
		 * @return this builder
		 */
		public Builder binaryProtocol(boolean binaryProtocol) {
			this.binaryProtocol = binaryProtocol;
			return this;
		}

		/**
		 * Set what happens to the keys of a server that is down.
		 * @param failureMode the failure mode
		 * @return this builder
		 */
		public Builder failureMode(FailureMode failureMode) {
			Assert.notNull(failureMode, "'failureMode' must not be null");
			this.failureMode = failureMode;
			return this;
		}

		/**
		 * Set whether keys are spread over the servers as python-memcached spreads them
		 * (CRC32 modulo the number of servers) instead of by Ketama consistent hashing,
		 * so that Python clients with the same server list find the same keys. Adding or
		 * removing a server then moves most keys.
		 * @param pythonDistribution whether to spread keys as python-memcached does
		 * @return this builder
		 */
		public Builder pythonDistribution(boolean pythonDistribution) {
			this.pythonDistribution = pythonDistribution;
			return this;
		}

		/**
		 * Set the servers' item size, memcached's {@code -I}; larger values are refused
		 * before they are sent.
		 * @param maxItemSize the item size in bytes, from
		 * {@link MemcachedCacheBackend#MIN_ITEM_SIZE} to {@link Integer#MAX_VALUE}
		 * @return this builder
		 * @throws IllegalArgumentException when the size is outside that range
		 */
		public Builder maxItemSize(long maxItemSize) {
			Assert.isTrue(maxItemSize >= MIN_ITEM_SIZE && maxItemSize <= Integer.MAX_VALUE,
					() -> "'maxItemSize' must be from " + MIN_ITEM_SIZE + " bytes (memcached's smallest -I) to "
							+ Integer.MAX_VALUE + " bytes, was " + maxItemSize);
			this.maxItemSize = (int) maxItemSize;
			return this;
		}

		/**
		 * Set the longest wait between attempts to reconnect to a server that is down,
		 * one second by default. The waits double from 2 ms (the tenth attempt waits a
		 * second), so a dropped connection costs a few milliseconds while a server that
		 * stays down is tried about ten times in its first two seconds.
		 * @param maxReconnectDelay the delay, at least one second
		 * @return this builder
		 */
		public Builder maxReconnectDelay(Duration maxReconnectDelay) {
			// spymemcached counts this delay in whole seconds.
			Assert.isTrue(maxReconnectDelay != null && maxReconnectDelay.toSeconds() >= 1,
					() -> "'maxReconnectDelay' must be at least 1s, was " + maxReconnectDelay);
			this.maxReconnectDelay = maxReconnectDelay;
			return this;
		}

		/**
		 * Set the clock that turns long times to live into absolute times.
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			Assert.notNull(clock, "'clock' must not be null");
			this.clock = clock;
			return this;
		}

		/**
		 * Build the backend; it connects in the background and reconnects by itself.
		 * @return the backend
		 * @throws IllegalStateException when the client cannot be created
		 */
		public MemcachedCacheBackend build() {
			try {
				return new MemcachedCacheBackend(this);
			}
			catch (IOException ex) {
				throw new IllegalStateException("Cannot create memcached client for backend '" + this.name + "'", ex);
			}
		}

	}

	/**
	 * The keys of a bulk read as memcached gets them: the keys themselves, unless some
	 * must be sent {@linkplain MemcachedKeys#safeKey under another name}.
	 */
	private static final class BulkKeys {

		private final String first;

		private final Collection<String> sent;

		/**
		 * The keys sent under another name, by that name; {@code null} when none were.
		 */
		private final @Nullable Map<String, String> renamed;

		BulkKeys(Collection<String> keys) {
			this.first = keys.iterator().next();
			String[] safeKeys = new String[keys.size()];
			Map<String, String> renamed = null;
			int i = 0;
			for (String key : keys) {
				String safeKey = MemcachedKeys.safeKey(key);
				if (!safeKey.equals(key)) {
					renamed = (renamed != null) ? renamed : new HashMap<>();
					renamed.put(safeKey, key);
				}
				safeKeys[i++] = safeKey;
			}
			this.renamed = renamed;
			this.sent = (renamed != null) ? Arrays.asList(safeKeys) : keys;
		}

		@SuppressWarnings("unchecked")
		Map<String, StoredValue> found(Map<String, Object> found) {
			Map<String, String> renamed = this.renamed;
			if (renamed == null) {
				return (Map<String, StoredValue>) (Map<String, ?>) found;
			}
			Map<String, StoredValue> values = CollectionUtils.newHashMap(found.size());
			found.forEach((safeKey, value) -> values.put(renamed.getOrDefault(safeKey, safeKey), (StoredValue) value));
			return values;
		}

		/**
		 * Return the values found at the positions of the keys they were sent for.
		 */
		List<@Nullable StoredValue> inOrder(Map<String, Object> found) {
			@Nullable StoredValue[] values = new StoredValue[this.sent.size()];
			if (!found.isEmpty()) {
				int i = 0;
				for (String safeKey : this.sent) {
					values[i++] = (StoredValue) found.get(safeKey);
				}
			}
			return Arrays.asList(values);
		}

	}

}
