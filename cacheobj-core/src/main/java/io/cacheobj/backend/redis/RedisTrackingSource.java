package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An {@link InvalidationSource} on Redis 6+ server-assisted client-side caching in
 * broadcasting mode: each tracked node has one dedicated RESP3 connection on which
 * {@code CLIENT TRACKING ON BCAST PREFIX p1 PREFIX p2 ...} was sent, so the server pushes
 * an {@code invalidate} message for every write, expiry, eviction or deletion of a key
 * under the prefixes, by any client, and a null key list for a flush. The data path's
 * reads need no tracking.
 * <p>
 * The nodes tracked are a standalone server (or socket), the master that Sentinel names,
 * or every master of a cluster that serves slots. One thread,
 * {@code cacheobj-tracking-<backend>}, connects and arms connections and adds prefixes;
 * every quarter of the near cache's lease it sends a {@code PING} on each connection (a
 * server that does not answer within the timeout counts as lost) and, when every node
 * answered, {@linkplain InvalidationListener#confirmed confirms} the lease; every
 * {@value #CHECK_MILLIS} ms it asks Sentinel for its master
 * ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}) or a cluster node for {@code CLUSTER NODES}.
 * Client I/O threads only deliver invalidations and mark connections lost.
 * <p>
 * A lost connection is never reconnected by Lettuce, since the server forgets its
 * tracking state: the listener hears {@code trackingChanged(false)} at once, the thread
 * reconnects at once, then after 100 ms doubling up to 2 s (with jitter), re-arms with
 * every prefix, and {@code trackingChanged(true)} follows when every node tracks. When
 * the nodes to track change (a failover, a master added or removed),
 * {@code trackingChanged(false)} is called when the change is seen, connections to nodes
 * no longer needed are closed, new ones are armed, and {@code true} follows. One warning
 * is logged per outage of a node.
 * <p>
 * Redis 7.0 adds the prefixes of a repeated {@code CLIENT TRACKING ON BCAST} to those of
 * the connection, but refuses prefixes that overlap one it tracks. Prefixes are therefore
 * kept minimal (none starts with another), a prefix already covered is ignored, and a new
 * prefix that covers tracked ones makes every connection re-arm ({@code OFF}, then
 * {@code ON} with the full list) between {@code trackingChanged(false)} and
 * {@code (true)}.
 * <p>
 * Every tracking connection also subscribes to {@value #BOUNDED_CHANNEL}, on which
 * nothing is published, so that the server counts it as a pub/sub client: a JVM that
 * stops reading its pushes (a long pause, a frozen VM) is disconnected once its output
 * buffer passes {@code client-output-buffer-limit pubsub} (32 MB, or 8 MB for a minute,
 * by default) instead of growing the server's memory without bound as a normal client
 * would; the loss is then handled as any other. RESP3 lets a subscribed connection send
 * every other command.
 * <p>
 * In {@link RedisTrackingMode#OPTIN} mode, each connection is armed with
 * {@code CLIENT TRACKING ON} (the default mode) instead, prefixes are kept but not sent,
 * and the near cache fills through {@link #readToKeep}: the read goes on the connection
 * of the node that serves the key (by hash slot in a cluster), which reads nothing else,
 * so the server pushes, on that same connection and after the read's reply, the next
 * change of exactly the keys read. (Opting in per read with {@code CLIENT CACHING YES}
 * would need it and its read written atomically, which Lettuce does not do for a batch.)
 * Losing a connection loses what it tracked: on a standalone server or Sentinel's master
 * the listener hears {@code trackingChanged(false)}, as in broadcasting mode; in a
 * cluster, only the keys of that master are dropped
 * ({@link InvalidationListener#invalidateAll(java.util.function.Predicate)}) while the
 * others track on, their leases confirmed by the masters that track, and the lost
 * master's keys are read without being kept until it, or the replica that replaces it,
 * tracks again. Tracking stops only when no master tracks.
 * <p>
 * Each node's connection state is a {@link TrackedNode}, the nodes come from a
 * {@link TrackingTopology}, and {@link TrackingPrefixes} keeps the prefixes minimal.
 * {@link TrackedNodes} holds the state the thread and callers share,
 * {@link TrackingConnector} opens the connections, {@link TrackingThread} is the thread,
 * {@link InvalidationPushes} hands pushes to the listener, and {@link TrackingStatistics}
 * counts.
 */
final class RedisTrackingSource implements InvalidationSource {

	private static final Log logger = LogFactory.getLog(RedisTrackingSource.class);

	static final long CHECK_MILLIS = 1000;

	static final String BOUNDED_CHANNEL = "__cacheobj__:tracking";

	private static final long TICK_MILLIS = 100;

	private static final long MIN_TICK_MILLIS = 10;

	private final String backendName;

	private final RedisTrackingSettings settings;

	private final RedisTrackingMode mode;

	private final TrackingTopology topology;

	private final TrackingTopology.Servers servers = new Servers();

	private final String threadName;

	private final long pingNanos;

	private long nextPing;

	private final Object lock = new Object();

	private final TrackingStatistics statistics = new TrackingStatistics();

	private final TrackedNodes nodes;

	private final InvalidationPushes pushes;

	private final TrackingConnector connector;

	private volatile List<String> prefixes = List.of();

	private volatile @Nullable TrackingThread thread;

	private long nextCheck;

	RedisTrackingSource(String backendName, RedisTrackingSettings settings, Duration lease) {
		this(backendName, settings, lease, RedisTrackingMode.BROADCAST);
	}

	RedisTrackingSource(String backendName, RedisTrackingSettings settings, Duration lease, RedisTrackingMode mode) {
		Assert.notNull(mode, "'mode' must not be null");
		this.backendName = backendName;
		this.settings = settings;
		this.mode = mode;
		boolean tracksNodesApart = mode == RedisTrackingMode.OPTIN
				&& settings.topology() == RedisTrackingSettings.Topology.CLUSTER;
		this.topology = TrackingTopology.of(settings);
		this.threadName = "cacheobj-tracking-" + backendName;
		this.pingNanos = Math.max(lease.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS));
		this.pushes = new InvalidationPushes(backend(), this.statistics);
		this.connector = new TrackingConnector(settings);
		this.nodes = new TrackedNodes(this.lock, backend(), tracksNodesApart, this.topology, this.statistics);
	}

	@Override
	public void start(Collection<String> prefixes, InvalidationListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		List<String> requested = TrackingPrefixes.checked(prefixes);
		Assert.isTrue(!requested.isEmpty(), "'prefixes' must not be empty; the empty prefix tracks every key");
		synchronized (this.lock) {
			Assert.state(!this.nodes.isClosed(), () -> "Invalidation source of " + backend() + " is closed");
			Assert.state(this.nodes.listener() == null,
					() -> "Invalidation source of " + backend() + " was already started");
			this.prefixes = TrackingPrefixes.minimal(this.prefixes, requested);
			this.nodes.listen(listener);
			this.connector.start();
			this.nodes.add(this.topology.initial());
			long tick = Math.min(TICK_MILLIS, TimeUnit.NANOSECONDS.toMillis(this.pingNanos));
			this.thread = new TrackingThread(this.threadName, this::tick, tick);
		}
	}

	@Override
	public void addPrefixes(Collection<String> prefixes) {
		List<String> requested = TrackingPrefixes.checked(prefixes);
		TrackingThread thread;
		synchronized (this.lock) {
			Assert.state(!this.nodes.isClosed(), () -> "Invalidation source of " + backend() + " is closed");
			thread = this.thread;
			if (thread == null) {
				this.prefixes = TrackingPrefixes.minimal(this.prefixes, requested);
				return;
			}
		}
		if (thread.isCurrent()) {
			applyPrefixes(requested);
			return;
		}
		try {
			Future<?> applied = thread.submit(() -> applyPrefixes(requested));
			applied.get(this.settings.timeout().toMillis() * 3 + CHECK_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			throw new IllegalStateException("Invalidation source of " + backend() + " is closed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Adding prefixes " + requested + " to the tracking connections of " + backend()
					+ " did not finish in time; they are tracked once it does: " + RedisFailures.reason(ex));
		}
	}

	@Override
	public boolean isTracking() {
		return this.nodes.isTracking();
	}

	@Override
	public boolean readsToKeep() {
		return this.mode == RedisTrackingMode.OPTIN;
	}

	@Override
	public @Nullable CompletableFuture<@Nullable StoredValue> readToKeep(String key) {
		StatefulRedisConnection<String, String> connection = readingConnection(this.topology.ownerOf(key));
		if (connection == null) {
			return null;
		}
		this.statistics.readToKeep();
		return TrackedReads.get(connection, key).orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(List<String> keys) {
		if (this.settings.topology() != RedisTrackingSettings.Topology.CLUSTER) {
			StatefulRedisConnection<String, String> connection = readingConnection(this.topology.ownerOf(keys.get(0)));
			if (connection == null) {
				return null;
			}
			this.statistics.readToKeep();
			return TrackedReads.getAll(connection, keys)
				.orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		CompletableFuture<List<@Nullable StoredValue>> read = TrackedReads.getAllBySlot(keys,
				(key) -> readingConnection(this.topology.ownerOf(key)));
		if (read == null) {
			return null;
		}
		this.statistics.readToKeep();
		return read.orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Return the armed connection of the node that serves a key, while every node tracks.
	 * @param address the node's address, or {@code null} when none is known
	 * @return the connection, or {@code null} when a read on it could not be kept
	 */
	private @Nullable StatefulRedisConnection<String, String> readingConnection(@Nullable String address) {
		if (address == null || this.mode != RedisTrackingMode.OPTIN) {
			return null;
		}
		return this.nodes.armedConnection(address);
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tracking", this.nodes.isTracking());
		details.put("mode", this.mode.name().toLowerCase(Locale.ROOT));
		details.put("topology", this.settings.topology().name().toLowerCase(Locale.ROOT));
		this.nodes.describe(details);
		details.put("prefixes", this.prefixes);
		this.statistics.addTo(details, this.mode == RedisTrackingMode.OPTIN, this.nodes.tracksNodesApart(),
				this.topology.discovered());
		return details;
	}

	@Override
	public void close() {
		TrackingThread thread;
		synchronized (this.lock) {
			if (!this.nodes.close()) {
				return;
			}
			thread = this.thread;
		}
		if (thread != null) {
			thread.stop();
			if (thread.isCurrent()) {
				this.connector.shutdown(false);
				return;
			}
			thread.awaitStop(this.settings.timeout().toMillis() + 1000);
		}
		this.connector.shutdown(true);
	}

	private void tick() {
		if (this.nodes.isClosed()) {
			return;
		}
		try {
			long now = System.nanoTime();
			if (this.topology.discovered() && now - this.nextCheck >= 0) {
				this.nextCheck = now + TimeUnit.MILLISECONDS.toNanos(CHECK_MILLIS);
				checkTopology();
			}
			if (now - this.nextPing >= 0) {
				this.nextPing = now + this.pingNanos;
				ping();
			}
			connectPending();
		}
		catch (RuntimeException ex) {
			if (!this.nodes.isClosed()) {
				logger.warn("Tracking invalidations of " + backend() + " failed unexpectedly", ex);
			}
		}
	}

	private void connectPending() {
		List<TrackedNode> pending = this.nodes.due(System.nanoTime());
		for (TrackedNode node : pending) {
			if (this.nodes.isClosed() || Thread.currentThread().isInterrupted()) {
				return;
			}
			arm(node);
		}
	}

	private void arm(TrackedNode node) {
		StatefulRedisConnection<String, String> connection = null;
		try {
			StatefulRedisPubSubConnection<String, String> subscribing = this.connector.connectPubSub(node.uri());
			connection = subscribing;
			StatefulRedisConnection<String, String> connected = connection;
			connection.addListener((PushMessage message) -> onPush(message));
			connection.addListener(new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
					lost(node, connected, null);
				}

			});
			if (!this.nodes.connected(node, connection)) {
				return;
			}
			this.connector.await(connection.async().clientTracking(trackingArgs()));
			// Subscribed, the connection is a pub/sub client to the server, whose output
			// buffer limit applies: a JVM that stops reading is disconnected rather than
			// buffered for without bound (see the class's description).
			this.connector.await(subscribing.async().subscribe(BOUNDED_CHANNEL));
			// Before the node counts as armed, so that its one start-up command is never
			// sent while the near cache serves.
			if (this.mode == RedisTrackingMode.OPTIN && !this.nodes.trackingTableChecked(node)) {
				checkTrackingTable(node, connection);
			}
			Boolean recovered = this.nodes.armed(node, connection);
			if (recovered == null) {
				return;
			}
			if (recovered) {
				logger.info("Tracking invalidations of " + backend() + " on " + node.address() + " again");
			}
			this.nodes.updateTracking();
		}
		catch (Exception ex) {
			failed(node, connection, ex);
		}
	}

	/**
	 * Read the node's {@code tracking-table-max-keys} once, and warn when it is below
	 * what the near cache may hold: the server would then evict tracked keys, and the
	 * near cache drop their copies early. A server that refuses {@code CONFIG GET} is not
	 * checked.
	 */
	private void checkTrackingTable(TrackedNode node, StatefulRedisConnection<String, String> connection) {
		InvalidationListener listener = this.nodes.listener();
		long capacity = (listener != null) ? listener.capacity() : 0;
		try {
			Map<String, String> config = this.connector.await(connection.async().configGet("tracking-table-max-keys"));
			String value = config.get("tracking-table-max-keys");
			if (value == null) {
				return;
			}
			long maxKeys = Long.parseLong(value);
			boolean tooSmall = maxKeys > 0 && maxKeys < capacity;
			this.nodes.trackingTable(node, tooSmall);
			if (tooSmall) {
				logger.warn("The server of " + backend() + " at " + node.address() + " tracks at most " + maxKeys
						+ " keys (tracking-table-max-keys), and the near cache may hold " + capacity
						+ ": once more keys are read, the server evicts tracked keys and the near cache drops their "
						+ "copies early. Set tracking-table-max-keys to 0 (no limit) or above the keys the JVMs read.");
			}
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				return;
			}
			this.nodes.trackingTable(node, false);
		}
	}

	private void failed(TrackedNode node, @Nullable StatefulRedisConnection<String, String> connection, Exception ex) {
		boolean warn = this.nodes.failed(node, connection);
		if (connection != null) {
			connection.closeAsync();
		}
		if (warn) {
			logger.warn("Cannot track invalidations of " + backend() + " on " + node.address() + ", retrying until it "
					+ "answers: " + RedisFailures.reason(ex));
		}
		this.nodes.updateTracking();
	}

	private void lost(TrackedNode node, StatefulRedisConnection<String, String> connection, @Nullable Throwable cause) {
		Boolean warn = this.nodes.lost(node, connection);
		if (warn == null) {
			return;
		}
		this.nodes.updateTracking();
		this.nodes.retireUntracked();
		connection.closeAsync();
		if (warn) {
			logger.warn("Lost the tracking connection of " + backend() + " to " + node.address() + ", reconnecting"
					+ ((cause != null) ? ": " + RedisFailures.reason(cause) : ""));
		}
		wake();
	}

	/**
	 * Ping every armed connection, and confirm the lease when every node answered on the
	 * connection it is tracked on.
	 */
	private void ping() {
		long sent = System.nanoTime();
		Map<TrackedNode, StatefulRedisConnection<String, String>> armed = this.nodes.armedConnections();
		Map<TrackedNode, CompletionStage<String>> pings = new LinkedHashMap<>();
		armed.forEach((node, connection) -> pings.put(node, connection.async().ping()));
		boolean answered = true;
		for (Map.Entry<TrackedNode, CompletionStage<String>> ping : pings.entrySet()) {
			try {
				this.connector.await(ping.getValue());
			}
			catch (Exception ex) {
				answered = false;
				lost(ping.getKey(), armed.get(ping.getKey()), ex);
			}
		}
		if (answered && !pings.isEmpty()) {
			long roundTrip = System.nanoTime() - sent;
			this.statistics.pinged(roundTrip);
		}
		InvalidationListener listener = this.nodes.listener();
		if (answered && listener != null && this.nodes.stillTracked(armed)) {
			try {
				listener.confirmed(System.nanoTime() - sent);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener of " + backend() + " failed", ex);
			}
		}
	}

	private void checkTopology() {
		Map<String, RedisURI> masters = this.topology.discover(this.servers);
		if (masters == null) {
			return;
		}
		List<StatefulRedisConnection<String, String>> removed = this.nodes.change(masters);
		if (removed == null) {
			return;
		}
		if (logger.isInfoEnabled()) {
			logger.info("Tracking invalidations of " + backend() + " on "
					+ ((masters.size() > 1) ? "masters " : "master ") + String.join(", ", masters.keySet()));
		}
		this.nodes.updateTracking();
		this.nodes.retireUntracked();
		removed.forEach(StatefulRedisConnection::closeAsync);
		this.nodes.rearming(false);
		this.nodes.updateTracking();
	}

	private void applyPrefixes(List<String> requested) {
		TrackingPrefixes.Change change = TrackingPrefixes.add(this.prefixes, requested);
		if (change == null || this.nodes.isClosed()) {
			return;
		}
		this.prefixes = change.merged();
		if (this.mode == RedisTrackingMode.OPTIN) {
			return;
		}
		if (change.widened()) {
			this.nodes.rearming(true);
			this.nodes.updateTracking();
		}
		this.nodes.armedConnections().forEach((node, connection) -> {
			try {
				if (change.widened()) {
					this.connector.await(connection.async().clientTracking(TrackingArgs.Builder.enabled(false)));
					this.connector
						.await(connection.async().clientTracking(TrackingPrefixes.trackingArgs(change.merged())));
				}
				else {
					this.connector
						.await(connection.async().clientTracking(TrackingPrefixes.trackingArgs(change.added())));
				}
			}
			catch (Exception ex) {
				lost(node, connection, ex);
			}
		});
		if (change.widened()) {
			this.nodes.rearming(false);
			this.nodes.updateTracking();
		}
	}

	/**
	 * Return how a connection is armed: broadcasting with every prefix, or in the default
	 * mode, tracking the keys read on it, which are only the near cache's fills; the
	 * server pushes the invalidations on the connection itself (RESP3), so no redirect
	 * can break.
	 */
	private TrackingArgs trackingArgs() {
		return (this.mode == RedisTrackingMode.OPTIN) ? TrackingArgs.Builder.enabled()
				: TrackingPrefixes.trackingArgs(this.prefixes);
	}

	private void onPush(PushMessage message) {
		InvalidationListener listener = this.nodes.listener();
		if (this.nodes.isClosed() || listener == null) {
			return;
		}
		this.pushes.deliver(message, listener);
	}

	private void wake() {
		TrackingThread thread = this.thread;
		if (thread != null && !this.nodes.isClosed()) {
			thread.execute(this::tick);
		}
	}

	private String backend() {
		return RedisFailures.describe(this.backendName);
	}

	/**
	 * What the topology's discovery uses of this source.
	 */
	private final class Servers implements TrackingTopology.Servers {

		@Override
		public StatefulRedisConnection<String, String> connect(RedisURI uri) throws Exception {
			return RedisTrackingSource.this.connector.connect(uri);
		}

		@Override
		public StatefulRedisSentinelConnection<String, String> connectSentinel(RedisURI uri) throws Exception {
			return RedisTrackingSource.this.connector.connectSentinel(uri);
		}

		@Override
		public <T> T await(CompletionStage<T> stage) throws Exception {
			return RedisTrackingSource.this.connector.await(stage);
		}

		@Override
		public Collection<StatefulRedisConnection<String, String>> armedConnections() {
			return RedisTrackingSource.this.nodes.armedConnections().values();
		}

		@Override
		public Collection<RedisURI> trackedUris() {
			return RedisTrackingSource.this.nodes.uris();
		}

	}

}
