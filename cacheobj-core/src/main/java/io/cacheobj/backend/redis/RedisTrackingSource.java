package io.cacheobj.backend.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
import io.cacheobj.backend.redis.RedisTrackingSettings.Topology;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.cluster.models.partitions.ClusterPartitionParser;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode.NodeFlag;
import io.lettuce.core.codec.StringCodec;
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
 * reconnects at once, then after 100 ms doubling up to 2 s, re-arms with every prefix,
 * and {@code trackingChanged(true)} follows when every node tracks. When the nodes to
 * track change (a failover, a master added or removed), {@code trackingChanged(false)} is
 * called when the change is seen, connections to nodes no longer needed are closed, new
 * ones are armed, and {@code true} follows. One warning is logged per outage of a node.
 * <p>
 * Redis 7.0 adds the prefixes of a repeated {@code CLIENT TRACKING ON BCAST} to those of
 * the connection, but refuses prefixes that overlap one it tracks. Prefixes are therefore
 * kept minimal (none starts with another), a prefix already covered is ignored, and a new
 * prefix that covers tracked ones makes every connection re-arm ({@code OFF}, then
 * {@code ON} with the full list) between {@code trackingChanged(false)} and
 * {@code (true)}.
 */
final class RedisTrackingSource implements InvalidationSource {

	private static final Log logger = LogFactory.getLog(RedisTrackingSource.class);

	static final long CHECK_MILLIS = 1000;

	private static final long TICK_MILLIS = 100;

	private static final long MIN_TICK_MILLIS = 10;

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private final String backendName;

	private final RedisTrackingSettings settings;

	private final String threadName;

	private final long pingNanos;

	private long nextPing;

	private final Object lock = new Object();

	private final Map<String, TrackedNode> nodes = new LinkedHashMap<>();

	private final AtomicLong invalidations = new AtomicLong();

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong topologyChanges = new AtomicLong();

	private volatile List<String> prefixes = List.of();

	private volatile @Nullable InvalidationListener listener;

	private volatile @Nullable ScheduledExecutorService executor;

	private volatile @Nullable Thread thread;

	private volatile @Nullable RedisClient client;

	private @Nullable StatefulRedisSentinelConnection<String, String> sentinel;

	private volatile boolean tracking;

	private volatile boolean closed;

	private boolean rearming;

	private long nextCheck;

	RedisTrackingSource(String backendName, RedisTrackingSettings settings, Duration lease) {
		this.backendName = backendName;
		this.settings = settings;
		this.threadName = "cacheobj-tracking-" + backendName;
		this.pingNanos = Math.max(lease.toNanos() / 4, TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS));
	}

	@Override
	public void start(Collection<String> prefixes, InvalidationListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		List<String> requested = checked(prefixes);
		Assert.isTrue(!requested.isEmpty(), "'prefixes' must not be empty; the empty prefix tracks every key");
		synchronized (this.lock) {
			Assert.state(!this.closed, () -> "Invalidation source of " + backend() + " is closed");
			Assert.state(this.listener == null, () -> "Invalidation source of " + backend() + " was already started");
			this.prefixes = minimal(this.prefixes, requested);
			this.listener = listener;
			ClientResources resources = this.settings.clientResources();
			RedisClient client = (resources != null) ? RedisClient.create(resources) : RedisClient.create();
			client.setOptions(this.settings.clientOptions());
			this.client = client;
			if (!discovered()) {
				RedisURI uri = this.settings.uris().get(0);
				this.nodes.put(this.settings.description(), new TrackedNode(this.settings.description(), uri));
			}
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
		List<String> requested = checked(prefixes);
		ScheduledExecutorService executor;
		synchronized (this.lock) {
			Assert.state(!this.closed, () -> "Invalidation source of " + backend() + " is closed");
			executor = this.executor;
			if (executor == null) {
				this.prefixes = minimal(this.prefixes, requested);
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
	public Map<String, Object> details() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("tracking", this.tracking);
		details.put("mode", "bcast");
		details.put("topology", this.settings.topology().name().toLowerCase(Locale.ROOT));
		Map<String, Boolean> states = new LinkedHashMap<>();
		synchronized (this.lock) {
			this.nodes.values().forEach((node) -> states.put(node.address, node.armed));
		}
		details.put("nodes", states);
		details.put("prefixes", this.prefixes);
		details.put("invalidations", this.invalidations.get());
		details.put("flushes", this.flushes.get());
		details.put("reconnects", this.reconnects.get());
		if (discovered()) {
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
			for (TrackedNode node : this.nodes.values()) {
				node.connection = null;
				node.armed = false;
			}
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
			if (discovered() && now - this.nextCheck >= 0) {
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
				if (node.connection == null && now - node.nextAttempt >= 0) {
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
			connection = connect(node.uri);
			StatefulRedisConnection<String, String> connected = connection;
			connection.addListener((PushMessage message) -> onPush(message));
			connection.addListener(new RedisConnectionStateListener() {

				@Override
				public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
					lost(node, connected, null);
				}

			});
			synchronized (this.lock) {
				if (this.closed || this.nodes.get(node.address) != node) {
					connection.closeAsync();
					return;
				}
				node.connection = connection;
			}
			await(connection.async().clientTracking(trackingArgs(this.prefixes)));
			boolean recovered;
			synchronized (this.lock) {
				if (node.connection != connection) {
					return;
				}
				node.armed = true;
				node.backoff = FIRST_BACKOFF;
				recovered = node.outage;
				node.outage = false;
				if (node.trackedBefore) {
					this.reconnects.incrementAndGet();
				}
				node.trackedBefore = true;
			}
			if (recovered) {
				logger.info("Tracking invalidations of " + backend() + " on " + node.address + " again");
			}
			updateTracking();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			failed(node, connection, ex);
		}
	}

	private void failed(TrackedNode node, @Nullable StatefulRedisConnection<String, String> connection, Exception ex) {
		boolean warn;
		synchronized (this.lock) {
			if (connection != null && node.connection == connection) {
				node.connection = null;
			}
			node.armed = false;
			node.nextAttempt = System.nanoTime() + node.backoff.toNanos();
			node.backoff = (node.backoff.compareTo(MAX_BACKOFF) >= 0) ? MAX_BACKOFF : node.backoff.multipliedBy(2);
			warn = !node.outage && !this.closed;
			node.outage = true;
		}
		if (connection != null) {
			connection.closeAsync();
		}
		if (warn) {
			logger.warn("Cannot track invalidations of " + backend() + " on " + node.address + ", retrying until it "
					+ "answers: " + RedisFailures.reason(ex));
		}
		updateTracking();
	}

	private void lost(TrackedNode node, StatefulRedisConnection<String, String> connection, @Nullable Throwable cause) {
		boolean warn;
		synchronized (this.lock) {
			if (node.connection != connection) {
				return;
			}
			node.connection = null;
			node.armed = false;
			node.nextAttempt = System.nanoTime();
			node.backoff = FIRST_BACKOFF;
			warn = !node.outage && !this.closed;
			node.outage = true;
		}
		updateTracking();
		connection.closeAsync();
		if (warn) {
			logger.warn("Lost the tracking connection of " + backend() + " to " + node.address + ", reconnecting"
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
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				answered = false;
				lost(ping.getKey(), armed.get(ping.getKey()), ex);
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
			return this.tracking && pinged.size() == this.nodes.size() && this.nodes.values()
				.stream()
				.allMatch((node) -> node.armed && node.connection != null && pinged.get(node) == node.connection);
		}
	}

	private boolean discovered() {
		return this.settings.topology() == Topology.CLUSTER || this.settings.topology() == Topology.SENTINEL;
	}

	private void checkTopology() {
		Map<String, RedisURI> masters = (this.settings.topology() == Topology.SENTINEL) ? sentinelMaster() : masters();
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
			this.rearming = true;
			for (Iterator<TrackedNode> iterator = this.nodes.values().iterator(); iterator.hasNext();) {
				TrackedNode node = iterator.next();
				if (!masters.containsKey(node.address)) {
					if (node.connection != null) {
						removed.add(node.connection);
					}
					node.connection = null;
					node.armed = false;
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
		removed.forEach(StatefulRedisConnection::closeAsync);
		synchronized (this.lock) {
			this.rearming = false;
		}
		updateTracking();
	}

	/**
	 * Return the master that Sentinel names, asked from the first sentinel that answers
	 * on a connection kept for the next checks.
	 * @return the master by address, or {@code null} when no sentinel knows it
	 */
	private @Nullable Map<String, RedisURI> sentinelMaster() {
		StatefulRedisSentinelConnection<String, String> connection = this.sentinel;
		List<@Nullable RedisURI> candidates = new ArrayList<>();
		if (connection != null) {
			candidates.add(null);
		}
		candidates.addAll(this.settings.uris());
		for (RedisURI candidate : candidates) {
			try {
				if (candidate != null) {
					CompletableFuture<StatefulRedisSentinelConnection<String, String>> connecting = client()
						.connectSentinelAsync(StringCodec.UTF8, candidate);
					this.sentinel = await(connecting, StatefulRedisSentinelConnection::closeAsync);
				}
				StatefulRedisSentinelConnection<String, String> current = this.sentinel;
				Assert.state(current != null, "No sentinel connection");
				SocketAddress address = await(current.async().getMasterAddrByName(this.settings.sentinelMaster()));
				if (!(address instanceof InetSocketAddress master)) {
					return null;
				}
				RedisURI uri = this.settings.node(master.getHostString(), master.getPort());
				return Map.of(uri.getHost() + ":" + uri.getPort(), uri);
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
					return null;
				}
				StatefulRedisSentinelConnection<String, String> failed = this.sentinel;
				this.sentinel = null;
				if (failed != null) {
					failed.closeAsync();
				}
			}
		}
		return null;
	}

	/**
	 * Return the masters that serve slots, read with {@code CLUSTER NODES} from a
	 * tracking connection, else from a short-lived connection to a known node or a seed.
	 * @return the masters by address, or {@code null} when no node answered
	 */
	private @Nullable Map<String, RedisURI> masters() {
		for (StatefulRedisConnection<String, String> connection : armedConnections().values()) {
			try {
				return masters(await(connection.async().clusterNodes()));
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
		}
		Set<RedisURI> candidates = new LinkedHashSet<>();
		synchronized (this.lock) {
			this.nodes.values().forEach((node) -> candidates.add(node.uri));
		}
		candidates.addAll(this.settings.uris());
		for (RedisURI uri : candidates) {
			StatefulRedisConnection<String, String> connection = null;
			try {
				connection = connect(uri);
				return masters(await(connection.async().clusterNodes()));
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
					return null;
				}
			}
			finally {
				if (connection != null) {
					connection.closeAsync();
				}
			}
		}
		return null;
	}

	private Map<String, RedisURI> masters(String clusterNodes) {
		Map<String, RedisURI> masters = new LinkedHashMap<>();
		for (RedisClusterNode node : ClusterPartitionParser.parse(clusterNodes)) {
			if (node.is(NodeFlag.UPSTREAM) && !node.hasNoSlots() && node.getUri() != null) {
				RedisURI uri = this.settings.node(node.getUri().getHost(), node.getUri().getPort());
				masters.put(uri.getHost() + ":" + uri.getPort(), uri);
			}
		}
		return masters;
	}

	private void applyPrefixes(List<String> requested) {
		List<String> current = this.prefixes;
		List<String> merged = minimal(current, requested);
		if (merged.equals(current) || this.closed) {
			return;
		}
		List<String> added = merged.stream().filter((prefix) -> !current.contains(prefix)).toList();
		boolean widened = !merged.containsAll(current);
		this.prefixes = merged;
		if (widened) {
			synchronized (this.lock) {
				this.rearming = true;
			}
			updateTracking();
		}
		armedConnections().forEach((node, connection) -> {
			try {
				if (widened) {
					await(connection.async().clientTracking(TrackingArgs.Builder.enabled(false)));
					await(connection.async().clientTracking(trackingArgs(merged)));
				}
				else {
					await(connection.async().clientTracking(trackingArgs(added)));
				}
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException) {
					Thread.currentThread().interrupt();
				}
				lost(node, connection, ex);
			}
		});
		if (widened) {
			synchronized (this.lock) {
				this.rearming = false;
			}
			updateTracking();
		}
	}

	private Map<TrackedNode, StatefulRedisConnection<String, String>> armedConnections() {
		Map<TrackedNode, StatefulRedisConnection<String, String>> armed = new LinkedHashMap<>();
		synchronized (this.lock) {
			for (TrackedNode node : this.nodes.values()) {
				if (node.armed && node.connection != null) {
					armed.put(node, node.connection);
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
		List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
		Object keys = (content.size() > 1) ? content.get(1) : null;
		try {
			if (keys instanceof List<?> list) {
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
	 * Tell the listener when every node tracks, or when one stopped. Calls are made under
	 * the lock so that they are never reordered; the listener does not block.
	 */
	private void updateTracking() {
		synchronized (this.lock) {
			boolean tracking = !this.closed && !this.rearming && !this.nodes.isEmpty()
					&& this.nodes.values().stream().allMatch((node) -> node.armed);
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

	private <T> T await(CompletionStage<T> stage) throws Exception {
		try {
			return stage.toCompletableFuture().get(this.settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
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

	private static TrackingArgs trackingArgs(List<String> prefixes) {
		TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
		return (prefixes.contains("")) ? args : args.prefixes(prefixes.toArray(String[]::new));
	}

	private static List<String> checked(Collection<String> prefixes) {
		Assert.notNull(prefixes, "'prefixes' must not be null");
		Assert.noNullElements(prefixes, "'prefixes' must not contain null");
		return List.copyOf(prefixes);
	}

	/**
	 * Merge prefixes so that none starts with another, as Redis requires of the prefixes
	 * of one connection; the order of the current ones is kept.
	 * @param current the prefixes tracked now, already minimal
	 * @param added the prefixes to add
	 * @return the minimal prefixes that cover both
	 */
	static List<String> minimal(List<String> current, Collection<String> added) {
		List<String> all = new ArrayList<>(current);
		all.addAll(added);
		List<String> minimal = new ArrayList<>();
		for (String prefix : all) {
			boolean covered = all.stream()
				.anyMatch((other) -> prefix.startsWith(other) && (other.length() < prefix.length()));
			if (!covered && !minimal.contains(prefix)) {
				minimal.add(prefix);
			}
		}
		return List.copyOf(minimal);
	}

	/**
	 * A node that must track, and its connection.
	 */
	private static final class TrackedNode {

		final String address;

		final RedisURI uri;

		@Nullable StatefulRedisConnection<String, String> connection;

		boolean armed;

		boolean outage;

		boolean trackedBefore;

		long nextAttempt = System.nanoTime();

		Duration backoff = FIRST_BACKOFF;

		TrackedNode(String address, RedisURI uri) {
			this.address = address;
			this.uri = uri;
		}

	}

}
