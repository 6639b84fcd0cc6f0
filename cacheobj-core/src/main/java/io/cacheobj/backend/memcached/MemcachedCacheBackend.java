package io.cacheobj.backend.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import io.cacheobj.backend.BackendFailures;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import net.spy.memcached.FailureMode;
import net.spy.memcached.NodeLocator;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.internal.OperationFuture;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

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

	private final String name;

	private final MemcachedClient client;

	private final StoredValueTranscoder transcoder;

	private final MemcachedFailures failures;

	private final long timeoutMillis;

	private final MemcachedItems items;

	private final MemcachedCounters counters;

	private final MemcachedCompareAndSet compareAndSet;

	private final MemcachedAsyncOperations async;

	/** Sends the asynchronous bulk writes, so that their callers never send. */
	private final ExecutorService senders;

	/** Fails at once an operation spymemcached would queue on a server that is down. */
	private final MemcachedRouting routing;

	private MemcachedCacheBackend(Builder builder) throws IOException {
		this.name = builder.name;
		this.timeoutMillis = builder.timeout.toMillis();
		this.failures = new MemcachedFailures(builder.name, builder.timeout);
		// set checks the item size itself, key and header included, so the transcoder
		// never refuses.
		this.transcoder = new StoredValueTranscoder(Integer.MAX_VALUE);
		this.client = MemcachedClientFactory.create(builder.servers, builder.binaryProtocol, builder.pythonDistribution,
				builder.failureMode, this.timeoutMillis, builder.maxReconnectDelay, this.transcoder);
		this.routing = new MemcachedRouting(this.failures);
		if (builder.failureMode == FailureMode.Redistribute && builder.servers.size() > 1) {
			this.routing.watch(this.client.getNodeLocator());
		}
		this.client.addObserver(this.routing);
		this.items = new MemcachedItems(this.failures, this.routing, builder.maxItemSize, builder.clock);
		this.counters = new MemcachedCounters(this.client, this.transcoder, this.failures, this.items);
		this.compareAndSet = new MemcachedCompareAndSet(this.client, this.transcoder, this.failures, this.items);
		this.async = new MemcachedAsyncOperations(this.client, this.transcoder, this.failures, this.items);
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
		String safeKey = this.items.routedKey(key);
		return (StoredValue) this.failures.await(key, this.client.asyncGet(safeKey, this.transcoder));
	}

	@Override
	public Map<String, StoredValue> getAll(Collection<String> keys) {
		if (keys.isEmpty()) {
			return Map.of();
		}
		MemcachedBulkKeys bulk = new MemcachedBulkKeys(keys);
		return bulk.found(this.failures.await(bulk.first(), this.client.asyncGetBulk(bulk.sent(), this.transcoder)));
	}

	@Override
	public List<@Nullable StoredValue> getAllInOrder(List<String> keys) {
		if (keys.isEmpty()) {
			return List.of();
		}
		MemcachedBulkKeys bulk = new MemcachedBulkKeys(keys);
		return bulk.inOrder(this.failures.await(bulk.first(), this.client.asyncGetBulk(bulk.sent(), this.transcoder)));
	}

	@Override
	public void set(String key, StoredValue value, @Nullable Duration ttl) {
		String safeKey = this.items.routed(key, this.items.checkedKey(key, value));
		OperationFuture<Boolean> future = this.client.set(safeKey, this.items.expiration(ttl), value, this.transcoder);
		if (!Boolean.TRUE.equals(this.failures.await(key, future))) {
			throw this.failures.refused(key, future.getStatus());
		}
	}

	@Override
	public boolean setIfAbsent(String key, StoredValue value, @Nullable Duration ttl) {
		String safeKey = this.items.routed(key, this.items.checkedKey(key, value));
		return Boolean.TRUE.equals(
				this.failures.await(key, this.client.add(safeKey, this.items.expiration(ttl), value, this.transcoder)));
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
		return this.compareAndSet.compareAndSet(key, expected, update, ttl);
	}

	@Override
	public @Nullable StoredValue getAndSet(String key, @Nullable StoredValue value, @Nullable Duration ttl) {
		return this.compareAndSet.getAndSet(key, value, ttl);
	}

	@Override
	public boolean touch(String key, Duration ttl) {
		return Boolean.TRUE
			.equals(this.failures.await(key, this.client.touch(this.items.routedKey(key), this.items.expiration(ttl))));
	}

	@Override
	public CompletableFuture<@Nullable StoredValue> getAsync(String key) {
		return timed(this.async.get(key)).thenApply((value) -> (StoredValue) value);
	}

	@Override
	public CompletableFuture<Map<String, StoredValue>> getAllAsync(Collection<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(Map.of());
		}
		MemcachedBulkKeys bulk = new MemcachedBulkKeys(keys);
		return timed(this.async.getBulk(bulk)).thenApply(bulk::found);
	}

	@Override
	public CompletableFuture<List<@Nullable StoredValue>> getAllInOrderAsync(List<String> keys) {
		if (keys.isEmpty()) {
			return CompletableFuture.completedFuture(List.of());
		}
		MemcachedBulkKeys bulk = new MemcachedBulkKeys(keys);
		return timed(this.async.getBulk(bulk)).thenApply(bulk::inOrder);
	}

	@Override
	public CompletableFuture<@Nullable Void> setAsync(String key, StoredValue value, @Nullable Duration ttl) {
		return timed(this.async.set(key, value, ttl)).thenApply((written) -> null);
	}

	@Override
	public CompletableFuture<Long> deleteAllAsync(Collection<String> keys) {
		List<CompletableFuture<Boolean>> deletions = new ArrayList<>(keys.size());
		for (String key : keys) {
			deletions.add(this.async.delete(key));
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
		return this.client.set(this.items.checkedKey(key, value), this.items.expiration(ttl), value, this.transcoder);
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
		return this.client.add(MemcachedKeys.safeKey(key), this.items.expiration(ttl), MemcachedItems.counter(initial),
				this.transcoder);
	}

	@Override
	public CompletableFuture<Long> incrementAsync(String key, long delta, @Nullable Duration ttl) {
		return timed(this.counters.sendIncrement(key, delta, ttl));
	}

	private <T> CompletableFuture<T> timed(CompletableFuture<T> result) {
		return result.orTimeout(this.timeoutMillis, TimeUnit.MILLISECONDS);
	}

	@Override
	public boolean delete(String key) {
		return Boolean.TRUE.equals(this.failures.await(key, this.client.delete(this.items.routedKey(key))));
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
		return this.counters.increment(key, delta, ttl);
	}

	/**
	 * Ask every server for its version. The backend is up while at least one server
	 * answers; each server's version, or {@code unavailable}, is in the details.
	 */
	@Override
	public Map<String, Object> check() {
		return MemcachedHealth.check(this.client, this.failures);
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

}
