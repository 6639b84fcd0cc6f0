package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

/**
 * A node that must track, its tracking connection and the state of that connection:
 * connecting (no connection), connected but not yet armed, armed, and whether the node is
 * in an outage (one warning each) and when it is tried again.
 * <p>
 * A connection that fails to connect or arm is retried after 100 ms, doubling up to 2 s,
 * each wait drawn at random from its upper half, so that the JVMs that lost a server
 * together do not all retry at the same moment; a lost one is reconnected at once. Not
 * thread-safe: the source calls it under its lock.
 */
final class TrackedNode {

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

	private final String address;

	private final RedisURI uri;

	private @Nullable StatefulRedisConnection<String, String> connection;

	private boolean armed;

	private boolean outage;

	private boolean trackedBefore;

	private boolean trackingTableChecked;

	private boolean trackingTableTooSmall;

	private long nextAttempt = System.nanoTime();

	private Duration backoff = FIRST_BACKOFF;

	TrackedNode(String address, RedisURI uri) {
		this.address = address;
		this.uri = uri;
	}

	String address() {
		return this.address;
	}

	RedisURI uri() {
		return this.uri;
	}

	@Nullable StatefulRedisConnection<String, String> connection() {
		return this.connection;
	}

	boolean isArmed() {
		return this.armed;
	}

	/**
	 * Return the connection when it is armed.
	 * @return the connection, or {@code null} when there is none or it is not armed
	 */
	@Nullable StatefulRedisConnection<String, String> armedConnection() {
		return this.armed ? this.connection : null;
	}

	/**
	 * Return whether the node waits for a connection and its next attempt is due.
	 * @param now the current {@link System#nanoTime()}
	 */
	boolean isDue(long now) {
		return this.connection == null && now - this.nextAttempt >= 0;
	}

	/**
	 * Take the connection that was opened for the node, not armed yet.
	 */
	void connected(StatefulRedisConnection<String, String> connection) {
		this.connection = connection;
	}

	/**
	 * Record that a connection tracks, counting a reconnect when the node tracked before.
	 * @param connection the connection armed
	 * @param reconnects the counter of reconnects
	 * @return {@code null} when the connection is no longer the node's, else whether this
	 * ends an outage
	 */
	@Nullable Boolean armed(StatefulRedisConnection<String, String> connection, AtomicLong reconnects) {
		if (this.connection != connection) {
			return null;
		}
		this.armed = true;
		this.backoff = FIRST_BACKOFF;
		boolean recovered = this.outage;
		this.outage = false;
		if (this.trackedBefore) {
			reconnects.incrementAndGet();
		}
		this.trackedBefore = true;
		return recovered;
	}

	/**
	 * Return whether the server's {@code tracking-table-max-keys} was read.
	 */
	boolean trackingTableChecked() {
		return this.trackingTableChecked;
	}

	/**
	 * Return whether the server's tracking table is smaller than the near cache.
	 */
	boolean trackingTableTooSmall() {
		return this.trackingTableTooSmall;
	}

	/**
	 * Record that the server's {@code tracking-table-max-keys} was read, or refused.
	 * @param tooSmall whether it is below what the near cache may hold
	 */
	void trackingTable(boolean tooSmall) {
		this.trackingTableChecked = true;
		this.trackingTableTooSmall = tooSmall;
	}

	/**
	 * Record that connecting or arming failed: retry after the backoff, which doubles.
	 * @param connection the connection that failed, or {@code null} when none opened
	 * @return whether this starts an outage
	 */
	boolean failed(@Nullable StatefulRedisConnection<String, String> connection) {
		if (connection != null && this.connection == connection) {
			this.connection = null;
		}
		long backoff = this.backoff.toNanos();
		this.nextAttempt = System.nanoTime() + backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
		Duration doubled = this.backoff.multipliedBy(2);
		this.backoff = (doubled.compareTo(MAX_BACKOFF) >= 0) ? MAX_BACKOFF : doubled;
		return down();
	}

	/**
	 * Record that the node's connection was lost: reconnect at once.
	 * @return whether this starts an outage
	 */
	boolean lost() {
		this.connection = null;
		this.nextAttempt = System.nanoTime();
		this.backoff = FIRST_BACKOFF;
		return down();
	}

	/**
	 * Drop the connection without an outage, when the source closes or the node is no
	 * longer tracked.
	 * @return the connection, to close, or {@code null}
	 */
	@Nullable StatefulRedisConnection<String, String> detach() {
		StatefulRedisConnection<String, String> connection = this.connection;
		this.connection = null;
		this.armed = false;
		return connection;
	}

	private boolean down() {
		this.armed = false;
		boolean first = !this.outage;
		this.outage = true;
		return first;
	}

}
