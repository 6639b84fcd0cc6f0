package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
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

	/**
	 * Whether a node lost retires only the keys it serves, others tracking on: in a
	 * cluster in {@code optin} mode, where every read kept was made on the node that
	 * serves its key.
	 */
	private final boolean tracksNodesApart;

	private final TrackingTopology topology;

	private final TrackingTopology.Servers servers = new Servers();

	private final String threadName;

	private final long pingNanos;

	private long nextPing;

	private final Object lock = new Object();

	private final Map<String, TrackedNode> nodes = new LinkedHashMap<>();

	private final AtomicLong pushes = new AtomicLong();

	private final AtomicLong invalidations = new AtomicLong();

	private final AtomicLong readsToKeep = new AtomicLong();

	private final AtomicLong retirements = new AtomicLong();

	private final AtomicLong storms = new AtomicLong();

	/** The round trips of the last rounds of pings, in nanoseconds, as a ring. */
	private final long[] pingRoundTrips = new long[256];

	private int pingRounds;

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong topologyChanges = new AtomicLong();

	private volatile List<String> prefixes = List.of();

	private volatile @Nullable InvalidationListener listener;

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Thread thread;

	private volatile @Nullable RedisClient client;

	private volatile boolean tracking;

	private volatile boolean closed;

	private boolean rearming;

	private long nextCheck;

	RedisTrackingSource(String backendName, RedisTrackingSettings settings, Duration lease) {
		this(backendName, settings, lease, RedisTrackingMode.BROADCAST);
	}

	RedisTrackingSource(String backendName, RedisTrackingSettings settings, Duration lease, RedisTrackingMode mode) {
		Assert.notNull(mode, "'mode' must not be null");
		this.backendName = backendName;
		this.settings = settings;
		this.mode = mode;
		this.tracksNodesApart = mode == RedisTrackingMode.OPTIN
				&& settings.topology() == RedisTrackingSettings.Topology.CLUSTER;
		this.topology = TrackingTopology.of(settings);
		this.threadName = "cacheobj-tracking-" + backendName;
		this.pingNanos = Math.max(lease.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS));
	}

	@Override
	public void start(Collection<String> prefixes, InvalidationListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		List<String> requested = TrackingPrefixes.checked(prefixes);
		Assert.isTrue(!requested.isEmpty(), "'prefixes' must not be empty; the empty prefix tracks every key");
		synchronized (this.lock) {
			Assert.state(!this.closed, () -> "Invalidation source of " + backend() + " is closed");
			Assert.state(this.listener == null, () -> "Invalidation source of " + backend() + " was already started");
			this.prefixes = TrackingPrefixes.minimal(this.prefixes, requested);
			this.listener = listener;
			ClientResources resources = this.settings.clientResources();
			RedisClient client = (resources != null) ? RedisClient.create(resources) : RedisClient.create();
			client.setOptions(this.settings.clientOptions());
			this.client = client;
			this.topology.initial().forEach((address, uri) -> this.nodes.put(address, new TrackedNode(address, uri)));
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (task) -> {
				Thread thread = new Thread(task, this.threadName);
				thread.setDaemon(true);
				this.thread = thread;
				return thread;
			});
			executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			long tick = Math.min(TICK_MILLIS, TimeUnit.NANOSECONDS.toMillis(this.pingNanos));
			executor.scheduleWithFixedDelay(this::tick, 0, tick, TimeUnit.MILLISECONDS);
			this.executor = executor;
		}
	}

	@Override
	public void addPrefixes(Collection<String> prefixes) {
		List<String> requested = TrackingPrefixes.checked(prefixes);
		ScheduledExecutorService executor;
		synchronized (this.lock) {
			Assert.state(!this.closed, () -> "Invalidation source of " + backend() + " is closed");
			executor = this.executor;
			if (executor == null) {
				this.prefixes = TrackingPrefixes.minimal(this.prefixes, requested);
				return;
			}
		}
		if (Thread.currentThread() == this.thread) {
			applyPrefixes(requested);
			return;
		}
		try {
			Future<?> applied = executor.submit(() -> applyPrefixes(requested));
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
		return this.tracking;
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
		this.readsToKeep.incrementAndGet();
		return TrackedReads.get(connection, key).orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
	}

	@Override
	public @Nullable CompletableFuture<List<@Nullable StoredValue>> readAllToKeep(List<String> keys) {
		if (this.settings.topology() != RedisTrackingSettings.Topology.CLUSTER) {
			StatefulRedisConnection<String, String> connection = readingConnection(this.topology.ownerOf(keys.get(0)));
			if (connection == null) {
				return null;
			}
			this.readsToKeep.incrementAndGet();
			return TrackedReads.getAll(connection, keys)
				.orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
		for (int i = 0; i < keys.size(); i++) {
			bySlot.computeIfAbsent(SlotHash.getSlot(keys.get(i)), (slot) -> new ArrayList<>()).add(i);
		}
		List<CompletableFuture<List<@Nullable StoredValue>>> reads = new ArrayList<>(bySlot.size());
		List<List<Integer>> positions = new ArrayList<>(bySlot.size());
		for (List<Integer> slotPositions : bySlot.values()) {
			List<String> slotKeys = new ArrayList<>(slotPositions.size());
			slotPositions.forEach((position) -> slotKeys.add(keys.get(position)));
			StatefulRedisConnection<String, String> connection = readingConnection(
					this.topology.ownerOf(slotKeys.get(0)));
			if (connection == null) {
				return null;
			}
			reads.add(TrackedReads.getAll(connection, slotKeys));
			positions.add(slotPositions);
		}
		this.readsToKeep.incrementAndGet();
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
		}).orTimeout(this.settings.timeout().toNanos(), TimeUnit.NANOSECONDS);
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
		synchronized (this.lock) {
			TrackedNode node = this.tracking ? this.nodes.get(address) : null;
			return (node != null) ? node.armedConnection() : null;
		}
	}

	@Override
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tracking", this.tracking);
		details.put("mode", this.mode.name().toLowerCase(Locale.ROOT));
		details.put("topology", this.settings.topology().name().toLowerCase(Locale.ROOT));
		Map<String, Boolean> states = new LinkedHashMap<>();
		List<String> smallTables = new ArrayList<>();
		synchronized (this.lock) {
			this.nodes.values().forEach((node) -> {
				states.put(node.address(), node.isArmed());
				if (node.trackingTableTooSmall()) {
					smallTables.add(node.address());
				}
			});
		}
		details.put("nodes", states);
		if (!smallTables.isEmpty()) {
			details.put("trackingTableTooSmall", smallTables);
		}
		details.put("prefixes", this.prefixes);
		details.put("pushes", this.pushes.get());
		details.put("invalidations", this.invalidations.get());
		if (this.mode == RedisTrackingMode.OPTIN) {
			details.put("readsToKeep", this.readsToKeep.get());
		}
		if (this.tracksNodesApart) {
			details.put("nodesRetired", this.retirements.get());
		}
		details.put("flushes", this.flushes.get());
		details.put("storms", this.storms.get());
		Double p99 = pingRoundTripP99Millis();
		if (p99 != null) {
			details.put("pingRoundTripP99Millis", p99);
		}
		details.put("reconnects", this.reconnects.get());
		if (this.topology.discovered()) {
			details.put("topologyChanges", this.topologyChanges.get());
		}
		return details;
	}

	@Override
	public void close() {
		ScheduledExecutorService executor;
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.tracking = false;
			this.nodes.values().forEach(TrackedNode::detach);
			executor = this.executor;
		}
		RedisClient client = this.client;
		if (executor != null) {
			executor.shutdownNow();
			if (Thread.currentThread() == this.thread) {
				if (client != null) {
					client.shutdownAsync(0, this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
				}
				return;
			}
			try {
				executor.awaitTermination(this.settings.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (client != null) {
			client.shutdown(0, this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void tick() {
		if (this.closed) {
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
			if (!this.closed) {
				logger.warn("Tracking invalidations of " + backend() + " failed unexpectedly", ex);
			}
		}
	}

	private void connectPending() {
		List<TrackedNode> pending = new ArrayList<>();
		long now = System.nanoTime();
		synchronized (this.lock) {
			for (TrackedNode node : this.nodes.values()) {
				if (node.isDue(now)) {
					pending.add(node);
				}
			}
		}
		for (TrackedNode node : pending) {
			if (this.closed || Thread.currentThread().isInterrupted()) {
				return;
			}
			arm(node);
		}
	}

	private void arm(TrackedNode node) {
		StatefulRedisConnection<String, String> connection = null;
		try {
			StatefulRedisPubSubConnection<String, String> subscribing = await(
					client().connectPubSubAsync(StringCodec.UTF8, node.uri()), StatefulRedisConnection::closeAsync);
			connection = subscribing;
			StatefulRedisConnection<String, String> connected = connection;
			connection.addListener((PushMessage message) -> onPush(message));
			connection.addListener(new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
					lost(node, connected, null);
				}

			});
			synchronized (this.lock) {
				if (this.closed || this.nodes.get(node.address()) != node) {
					connection.closeAsync();
					return;
				}
				node.connected(connection);
			}
			await(connection.async().clientTracking(trackingArgs()));
			// Subscribed, the connection is a pub/sub client to the server, whose output
			// buffer limit applies: a JVM that stops reading is disconnected rather than
			// buffered for without bound (see the class's description).
			await(subscribing.async().subscribe(BOUNDED_CHANNEL));
			// Before the node counts as armed, so that its one start-up command is never
			// sent while the near cache serves.
			boolean check;
			synchronized (this.lock) {
				check = this.mode == RedisTrackingMode.OPTIN && !node.trackingTableChecked();
			}
			if (check) {
				checkTrackingTable(node, connection);
			}
			Boolean recovered;
			synchronized (this.lock) {
				recovered = node.armed(connection, this.reconnects);
			}
			if (recovered == null) {
				return;
			}
			if (recovered) {
				logger.info("Tracking invalidations of " + backend() + " on " + node.address() + " again");
			}
			updateTracking();
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
		InvalidationListener listener = this.listener;
		long capacity = (listener != null) ? listener.capacity() : 0;
		try {
			Map<String, String> config = await(connection.async().configGet("tracking-table-max-keys"));
			String value = config.get("tracking-table-max-keys");
			if (value == null) {
				return;
			}
			long maxKeys = Long.parseLong(value);
			boolean tooSmall = maxKeys > 0 && maxKeys < capacity;
			synchronized (this.lock) {
				node.trackingTable(tooSmall);
			}
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
			synchronized (this.lock) {
				node.trackingTable(false);
			}
		}
	}

	private void failed(TrackedNode node, @Nullable StatefulRedisConnection<String, String> connection, Exception ex) {
		boolean warn;
		synchronized (this.lock) {
			warn = node.failed(connection) && !this.closed;
		}
		if (connection != null) {
			connection.closeAsync();
		}
		if (warn) {
			logger.warn("Cannot track invalidations of " + backend() + " on " + node.address() + ", retrying until it "
					+ "answers: " + RedisFailures.reason(ex));
		}
		updateTracking();
	}

	private void lost(TrackedNode node, StatefulRedisConnection<String, String> connection, @Nullable Throwable cause) {
		boolean warn;
		synchronized (this.lock) {
			if (node.connection() != connection) {
				return;
			}
			warn = node.lost() && !this.closed;
		}
		updateTracking();
		retireUntracked();
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
		Map<TrackedNode, StatefulRedisConnection<String, String>> armed = armedConnections();
		Map<TrackedNode, CompletionStage<String>> pings = new LinkedHashMap<>();
		armed.forEach((node, connection) -> pings.put(node, connection.async().ping()));
		boolean answered = true;
		for (Map.Entry<TrackedNode, CompletionStage<String>> ping : pings.entrySet()) {
			try {
				await(ping.getValue());
			}
			catch (Exception ex) {
				answered = false;
				lost(ping.getKey(), armed.get(ping.getKey()), ex);
			}
		}
		if (answered && !pings.isEmpty()) {
			long roundTrip = System.nanoTime() - sent;
			synchronized (this.pingRoundTrips) {
				this.pingRoundTrips[this.pingRounds++ % this.pingRoundTrips.length] = roundTrip;
			}
		}
		InvalidationListener listener = this.listener;
		if (answered && listener != null && stillTracked(armed)) {
			try {
				listener.confirmed(System.nanoTime() - sent);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener of " + backend() + " failed", ex);
			}
		}
	}

	private boolean stillTracked(Map<TrackedNode, StatefulRedisConnection<String, String>> pinged) {
		synchronized (this.lock) {
			if (this.tracksNodesApart) {
				return this.tracking && this.nodes.values()
					.stream()
					.filter(TrackedNode::isArmed)
					.allMatch((node) -> pinged.get(node) == node.armedConnection());
			}
			return this.tracking && pinged.size() == this.nodes.size() && this.nodes.values()
				.stream()
				.allMatch((node) -> node.armedConnection() != null && pinged.get(node) == node.armedConnection());
		}
	}

	private void checkTopology() {
		Map<String, RedisURI> masters = this.topology.discover(this.servers);
		if (masters == null) {
			return;
		}
		List<StatefulRedisConnection<String, String>> removed = new ArrayList<>();
		synchronized (this.lock) {
			if (this.closed || masters.keySet().equals(this.nodes.keySet())) {
				return;
			}
			if (!this.nodes.isEmpty()) {
				this.topologyChanges.incrementAndGet();
			}
			this.rearming = !this.tracksNodesApart;
			for (Iterator<TrackedNode> iterator = this.nodes.values().iterator(); iterator.hasNext();) {
				TrackedNode node = iterator.next();
				if (!masters.containsKey(node.address())) {
					StatefulRedisConnection<String, String> connection = node.detach();
					if (connection != null) {
						removed.add(connection);
					}
					iterator.remove();
				}
			}
			masters.forEach((address, uri) -> this.nodes.computeIfAbsent(address, (key) -> new TrackedNode(key, uri)));
		}
		if (logger.isInfoEnabled()) {
			logger.info("Tracking invalidations of " + backend() + " on "
					+ ((masters.size() > 1) ? "masters " : "master ") + String.join(", ", masters.keySet()));
		}
		updateTracking();
		retireUntracked();
		removed.forEach(StatefulRedisConnection::closeAsync);
		synchronized (this.lock) {
			this.rearming = false;
		}
		updateTracking();
	}

	/**
	 * When nodes are tracked apart and tracking goes on, have the listener drop the keys
	 * that no armed node serves now: a node lost, or no longer a master, took the
	 * server's memory of what was read from it along. Called after the node's state
	 * changed, so that no read of those keys is kept from then on.
	 */
	private void retireUntracked() {
		if (!this.tracksNodesApart) {
			return;
		}
		synchronized (this.lock) {
			InvalidationListener listener = this.listener;
			if (!this.tracking || this.closed || listener == null) {
				return;
			}
			Set<String> armed = new HashSet<>();
			this.nodes.values().stream().filter(TrackedNode::isArmed).forEach((node) -> armed.add(node.address()));
			this.retirements.incrementAndGet();
			try {
				listener.invalidateAll((key) -> !armed.contains(this.topology.ownerOf(key)));
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener of " + backend() + " failed", ex);
			}
		}
	}

	private void applyPrefixes(List<String> requested) {
		TrackingPrefixes.Change change = TrackingPrefixes.add(this.prefixes, requested);
		if (change == null || this.closed) {
			return;
		}
		this.prefixes = change.merged();
		if (this.mode == RedisTrackingMode.OPTIN) {
			return;
		}
		if (change.widened()) {
			synchronized (this.lock) {
				this.rearming = true;
			}
			updateTracking();
		}
		armedConnections().forEach((node, connection) -> {
			try {
				if (change.widened()) {
					await(connection.async().clientTracking(TrackingArgs.Builder.enabled(false)));
					await(connection.async().clientTracking(TrackingPrefixes.trackingArgs(change.merged())));
				}
				else {
					await(connection.async().clientTracking(TrackingPrefixes.trackingArgs(change.added())));
				}
			}
			catch (Exception ex) {
				lost(node, connection, ex);
			}
		});
		if (change.widened()) {
			synchronized (this.lock) {
				this.rearming = false;
			}
			updateTracking();
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

	private Map<TrackedNode, StatefulRedisConnection<String, String>> armedConnections() {
		Map<TrackedNode, StatefulRedisConnection<String, String>> armed = new LinkedHashMap<>();
		synchronized (this.lock) {
			for (TrackedNode node : this.nodes.values()) {
				StatefulRedisConnection<String, String> connection = node.armedConnection();
				if (connection != null) {
					armed.put(node, connection);
				}
			}
		}
		return armed;
	}

	private void onPush(PushMessage message) {
		InvalidationListener listener = this.listener;
		if (this.closed || listener == null || !"invalidate".equals(message.getType())) {
			return;
		}
		this.pushes.incrementAndGet();
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		try {
			if (keys instanceof List<?> list && list.size() >= stormKeys(listener)) {
				// More keys than the near cache can hold: one flush costs less than
				// removing them one by one, and drops nothing more that matters.
				this.invalidations.addAndGet(list.size());
				this.storms.incrementAndGet();
				listener.invalidateAll();
			}
			else if (keys instanceof List<?> list) {
				for (Object key : list) {
					this.invalidations.incrementAndGet();
					listener.invalidate((String) key);
				}
			}
			else {
				this.flushes.incrementAndGet();
				listener.invalidateAll();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Invalidation listener of " + backend() + " failed", ex);
		}
	}

	/**
	 * Return the 99th percentile of the last rounds of pings' round trips.
	 * @return the round trip in milliseconds, or {@code null} before the first round
	 */
	private @Nullable Double pingRoundTripP99Millis() {
		long[] rounds;
		synchronized (this.pingRoundTrips) {
			rounds = Arrays.copyOf(this.pingRoundTrips, Math.min(this.pingRounds, this.pingRoundTrips.length));
		}
		if (rounds.length == 0) {
			return null;
		}
		Arrays.sort(rounds);
		return rounds[Math.min(rounds.length - 1, (int) Math.ceil(rounds.length * 0.99) - 1)] / 1e6;
	}

	private static long stormKeys(InvalidationListener listener) {
		long capacity = listener.capacity();
		return (capacity > 0) ? Math.max(capacity, 1000) : 10_000;
	}

	/**
	 * Tell the listener when every node tracks, or when one stopped. Calls are made under
	 * the lock so that they are never reordered; the listener does not block.
	 */
	private void updateTracking() {
		synchronized (this.lock) {
			boolean tracking = !this.closed && !this.rearming && !this.nodes.isEmpty()
					&& (this.tracksNodesApart ? this.nodes.values().stream().anyMatch(TrackedNode::isArmed)
							: this.nodes.values().stream().allMatch(TrackedNode::isArmed));
			InvalidationListener listener = this.listener;
			if (tracking == this.tracking || listener == null) {
				return;
			}
			this.tracking = tracking;
			try {
				listener.trackingChanged(tracking);
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener of " + backend() + " failed", ex);
			}
		}
	}

	private void wake() {
		ScheduledExecutorService executor = this.executor;
		if (executor != null && !this.closed) {
			try {
				executor.execute(this::tick);
			}
			catch (RejectedExecutionException ex) {
				// Closed meanwhile: nothing to reconnect.
			}
		}
	}

	/**
	 * Open a connection, and close it should it open after the timeout.
	 * @param uri where to
	 * @return the connection
	 * @throws Exception when it failed or timed out
	 */
	private StatefulRedisConnection<String, String> connect(RedisURI uri) throws Exception {
		return await(client().connectAsync(StringCodec.UTF8, uri), StatefulRedisConnection::closeAsync);
	}

	private <T> T await(CompletionStage<T> connecting, Consumer<T> closer) throws Exception {
		try {
			return await(connecting);
		}
		catch (Exception ex) {
			connecting.thenAccept(closer);
			throw ex;
		}
	}

	/**
	 * Wait for an answer within the timeout; interrupted, restore the interrupt and throw
	 * the {@link InterruptedException}, so that every caller stops as the thread must.
	 * @throws Exception what the call failed with, once unwrapped
	 */
	private <T> T await(CompletionStage<T> stage) throws Exception {
		try {
			return stage.toCompletableFuture().get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw ex;
		}
		catch (ExecutionException ex) {
			Exception cause = (ex.getCause() instanceof Exception failure) ? failure : ex;
			if (cause instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			throw cause;
		}
	}

	private RedisClient client() {
		RedisClient client = this.client;
		Assert.state(client != null, "Not started");
		return client;
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
			return RedisTrackingSource.this.connect(uri);
		}

		@Override
		public StatefulRedisSentinelConnection<String, String> connectSentinel(RedisURI uri) throws Exception {
			return RedisTrackingSource.this.await(client().connectSentinelAsync(StringCodec.UTF8, uri),
					StatefulRedisSentinelConnection::closeAsync);
		}

		@Override
		public <T> T await(CompletionStage<T> stage) throws Exception {
			return RedisTrackingSource.this.await(stage);
		}

		@Override
		public Collection<StatefulRedisConnection<String, String>> armedConnections() {
			return RedisTrackingSource.this.armedConnections().values();
		}

		@Override
		public Collection<RedisURI> trackedUris() {
			List<RedisURI> uris = new ArrayList<>();
			synchronized (RedisTrackingSource.this.lock) {
				RedisTrackingSource.this.nodes.values().forEach((node) -> uris.add(node.uri()));
			}
			return uris;
		}

	}

}
