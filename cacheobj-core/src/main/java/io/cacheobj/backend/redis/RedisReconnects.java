package io.cacheobj.backend.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.event.Event;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ReconnectAttemptEvent;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * Counts the reconnects of a Redis backend's connections, from the events of the Lettuce
 * client resources they run on, and logs each once: a connection that Lettuce's watchdog
 * started to reconnect (its first {@link ReconnectAttemptEvent}) counts when a connection
 * to the same server is next activated (its handshake done), however many attempts it
 * took. Another connection's activation (a Sentinel's, another node's) does not count for
 * it; nor does a connection that comes back on another server, as after a Sentinel
 * failover.
 * <p>
 * The events are those of every connection on the resources: cacheobj's own factories
 * give each backend resources with an event bus of its own, so the count is the
 * backend's; a backend on the application's factory counts the reconnects of every
 * connection on the application's resources.
 */
final class RedisReconnects implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(RedisReconnects.class);

	private final String backend;

	private final AtomicLong reconnects = new AtomicLong();

	/**
	 * The most reconnects under way remembered per server: a server that never comes back
	 * keeps no more.
	 */
	private static final int PENDING_PER_SERVER = 16;

	/**
	 * When each reconnect under way made its first attempt, by the server it reconnects
	 * to, oldest first.
	 */
	private final Map<String, Queue<Long>> reconnecting = new ConcurrentHashMap<>();

	private final @Nullable Disposable subscription;

	RedisReconnects(String backend, @Nullable EventBus events) {
		this.backend = backend;
		this.subscription = (events != null) ? events.get().subscribe(this::onEvent) : null;
	}

	/**
	 * Count the reconnects on a backend's client resources.
	 * @param failures names the backend in the log
	 * @param resources the resources, or {@code null} when they are not known: then
	 * nothing is counted
	 * @return the counter, to close with the backend
	 */
	static RedisReconnects watch(RedisFailures failures, @Nullable ClientResources resources) {
		return new RedisReconnects(failures.backend(), (resources != null) ? resources.eventBus() : null);
	}

	/**
	 * Return the number of reconnects so far.
	 * @return the count
	 */
	long count() {
		return this.reconnects.get();
	}

	private void onEvent(Event event) {
		if (event instanceof ReconnectAttemptEvent attempt) {
			if (attempt.getAttempt() == 1) {
				Queue<Long> pending = this.reconnecting.computeIfAbsent(server(attempt.remoteAddress()),
						(server) -> new ConcurrentLinkedQueue<>());
				if (pending.size() < PENDING_PER_SERVER) {
					pending.add(System.nanoTime());
				}
			}
		}
		else if (event instanceof ConnectionActivatedEvent activated) {
			Queue<Long> pending = this.reconnecting.get(server(activated.remoteAddress()));
			Long since = (pending != null) ? pending.poll() : null;
			if (since != null) {
				this.reconnects.incrementAndGet();
				if (logger.isInfoEnabled()) {
					logger.info(this.backend + " reconnected to " + activated.remoteAddress() + " "
							+ (System.nanoTime() - since) / 1_000_000 + " ms after its first attempt");
				}
			}
		}
	}

	/**
	 * Name a server by its address and port, however its host was written.
	 */
	private static String server(@Nullable SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return ((inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString()) + ":"
					+ inet.getPort();
		}
		return String.valueOf(address);
	}

	@Override
	public void close() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
	}

}
