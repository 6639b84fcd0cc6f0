package io.cacheobj.backend.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.cacheobj.backend.InvalidationListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The state a {@link RedisTrackingSource}'s thread and callers share: the nodes to track,
 * each a {@link TrackedNode}, by address; whether they track, and the listener told when
 * that changes; and whether the source is closed. Every method holds the source's lock,
 * which the source also holds to start and close.
 */
final class TrackedNodes {

	// Logged under the source's name, as its other warnings are.
	private static final Log logger = LogFactory.getLog(RedisTrackingSource.class);

	private final Object lock;

	private final String backend;

	/**
	 * Whether a node lost retires only the keys it serves, others tracking on: in a
	 * cluster in {@code optin} mode, where every read kept was made on the node that
	 * serves its key.
	 */
	private final boolean tracksNodesApart;

	private final TrackingTopology topology;

	private final TrackingStatistics statistics;

	private final Map<String, TrackedNode> nodes = new LinkedHashMap<>();

	private volatile @Nullable InvalidationListener listener;

	private volatile boolean tracking;

	private volatile boolean closed;

	private boolean rearming;

	TrackedNodes(Object lock, String backend, boolean tracksNodesApart, TrackingTopology topology,
			TrackingStatistics statistics) {
		this.lock = lock;
		this.backend = backend;
		this.tracksNodesApart = tracksNodesApart;
		this.topology = topology;
		this.statistics = statistics;
	}

	@Nullable InvalidationListener listener() {
		return this.listener;
	}

	boolean isTracking() {
		return this.tracking;
	}

	boolean isClosed() {
		return this.closed;
	}

	boolean tracksNodesApart() {
		return this.tracksNodesApart;
	}

	/**
	 * Set the listener, once, when the source starts.
	 * @param listener the listener
	 */
	void listen(InvalidationListener listener) {
		synchronized (this.lock) {
			this.listener = listener;
		}
	}

	/**
	 * Track the nodes of a fixed topology, when the source starts.
	 * @param initial the nodes by address
	 */
	void add(Map<String, RedisURI> initial) {
		synchronized (this.lock) {
			initial.forEach((address, uri) -> this.nodes.put(address, new TrackedNode(address, uri)));
		}
	}

	/**
	 * Mark the source closed, so that tracking stops, and detach every node's connection.
	 * @return whether it was open
	 */
	boolean close() {
		synchronized (this.lock) {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.tracking = false;
			this.nodes.values().forEach(TrackedNode::detach);
			return true;
		}
	}

	/**
	 * Return the armed connection of a node, while every node tracks.
	 * @param address the node's address
	 * @return the connection, or {@code null} when a read on it could not be kept
	 */
	@Nullable StatefulRedisConnection<String, String> armedConnection(String address) {
		synchronized (this.lock) {
			TrackedNode node = this.tracking ? this.nodes.get(address) : null;
			return (node != null) ? node.armedConnection() : null;
		}
	}

	/**
	 * Add each node's state to the source's details, and the nodes whose tracking table
	 * is too small.
	 * @param details the details
	 */
	void describe(Map<String, Object> details) {
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
	}

	/**
	 * Return the nodes due to connect.
	 * @param now the time, from {@link System#nanoTime()}
	 * @return the nodes
	 */
	List<TrackedNode> due(long now) {
		List<TrackedNode> pending = new ArrayList<>();
		synchronized (this.lock) {
			for (TrackedNode node : this.nodes.values()) {
				if (node.isDue(now)) {
					pending.add(node);
				}
			}
		}
		return pending;
	}

	/**
	 * Give a node the connection just opened to it, unless the source closed or the node
	 * is no longer tracked meanwhile; the connection is then closed.
	 * @return whether the node took it
	 */
	boolean connected(TrackedNode node, StatefulRedisConnection<String, String> connection) {
		synchronized (this.lock) {
			if (this.closed || this.nodes.get(node.address()) != node) {
				connection.closeAsync();
				return false;
			}
			node.connected(connection);
			return true;
		}
	}

	boolean trackingTableChecked(TrackedNode node) {
		synchronized (this.lock) {
			return node.trackingTableChecked();
		}
	}

	void trackingTable(TrackedNode node, boolean tooSmall) {
		synchronized (this.lock) {
			node.trackingTable(tooSmall);
		}
	}

	/**
	 * Mark a node's connection armed.
	 * @return as {@link TrackedNode#armed} does
	 */
	@Nullable Boolean armed(TrackedNode node, StatefulRedisConnection<String, String> connection) {
		synchronized (this.lock) {
			return node.armed(connection, this.statistics.reconnects());
		}
	}

	/**
	 * Mark a node's connection failed to connect or arm.
	 * @return whether to warn
	 */
	boolean failed(TrackedNode node, @Nullable StatefulRedisConnection<String, String> connection) {
		synchronized (this.lock) {
			return node.failed(connection) && !this.closed;
		}
	}

	/**
	 * Mark a node's connection lost.
	 * @return whether to warn, or {@code null} when it is not the node's connection
	 */
	@Nullable Boolean lost(TrackedNode node, StatefulRedisConnection<String, String> connection) {
		synchronized (this.lock) {
			if (node.connection() != connection) {
				return null;
			}
			return node.lost() && !this.closed;
		}
	}

	/**
	 * Return whether tracking goes on with the connections pinged: every node's (or, when
	 * nodes are tracked apart, every armed node's) armed connection among them.
	 */
	boolean stillTracked(Map<TrackedNode, StatefulRedisConnection<String, String>> pinged) {
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

	/**
	 * Track the masters discovered, unless they are the nodes tracked or the source is
	 * closed: the nodes no longer masters are removed, new ones added, and tracking
	 * re-arms (but for nodes tracked apart) until {@link #rearming rearming(false)}.
	 * @param masters the masters by address
	 * @return the connections of the nodes removed, to close, or {@code null} when
	 * nothing changed
	 */
	@Nullable List<StatefulRedisConnection<String, String>> change(Map<String, RedisURI> masters) {
		List<StatefulRedisConnection<String, String>> removed = new ArrayList<>();
		synchronized (this.lock) {
			if (this.closed || masters.keySet().equals(this.nodes.keySet())) {
				return null;
			}
			if (!this.nodes.isEmpty()) {
				this.statistics.topologyChanged();
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
		return removed;
	}

	/**
	 * Set whether every connection re-arms, so that nothing counts as tracked meanwhile.
	 * @param rearming whether connections re-arm
	 */
	void rearming(boolean rearming) {
		synchronized (this.lock) {
			this.rearming = rearming;
		}
	}

	/**
	 * When nodes are tracked apart and tracking goes on, have the listener drop the keys
	 * that no armed node serves now: a node lost, or no longer a master, took the
	 * server's memory of what was read from it along. Called after the node's state
	 * changed, so that no read of those keys is kept from then on.
	 */
	void retireUntracked() {
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
			this.statistics.retired();
			try {
				listener.invalidateAll((key) -> !armed.contains(this.topology.ownerOf(key)));
			}
			catch (RuntimeException ex) {
				logger.warn("Invalidation listener of " + this.backend + " failed", ex);
			}
		}
	}

	Map<TrackedNode, StatefulRedisConnection<String, String>> armedConnections() {
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

	/**
	 * Tell the listener when every node tracks, or when one stopped. Calls are made under
	 * the lock so that they are never reordered; the listener does not block.
	 */
	void updateTracking() {
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
				logger.warn("Invalidation listener of " + this.backend + " failed", ex);
			}
		}
	}

	/**
	 * Return the addresses of the nodes tracked now.
	 */
	Collection<RedisURI> uris() {
		List<RedisURI> uris = new ArrayList<>();
		synchronized (this.lock) {
			this.nodes.values().forEach((node) -> uris.add(node.uri()));
		}
		return uris;
	}

}
