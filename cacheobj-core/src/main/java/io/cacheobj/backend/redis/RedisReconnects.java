package io.cacheobj.backend.redis;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Queue;
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
	 * The most reconnects under way remembered: past it the oldest is forgotten, so that
	 * a server that never comes back does not stop the others' reconnects counting.
	 */
	private static final int MOST_PENDING = 64;

	/** The reconnects under way, oldest first. */
	private final Queue<Pending> reconnecting = new ConcurrentLinkedQueue<>();

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
				while (this.reconnecting.size() >= MOST_PENDING) {
					this.reconnecting.poll();
				}
				this.reconnecting.add(new Pending(attempt.remoteAddress(), System.nanoTime()));
			}
		}
		else if (event instanceof ConnectionActivatedEvent activated) {
			for (Pending pending : this.reconnecting) {
				if (sameServer(pending.server(), activated.remoteAddress()) && this.reconnecting.remove(pending)) {
					this.reconnects.incrementAndGet();
					if (logger.isInfoEnabled()) {
						logger.info(this.backend + " reconnected to " + activated.remoteAddress() + " "
								+ (System.nanoTime() - pending.since()) / 1_000_000 + " ms after its first attempt");
					}
					return;
				}
			}
		}
	}

	/**
	 * Whether a connection activated at one address is to the server another one was lost
	 * from: the same port, and the same address or host, when both are known alike.
	 * Lettuce names the server it reconnects to unresolved, by the host it was given (a
	 * name, or an address as text), and an activated connection by its resolved address;
	 * the port alone then tells a Sentinel's or another port's connection apart.
	 */
	static boolean sameServer(@Nullable SocketAddress lost, @Nullable SocketAddress activated) {
		if (lost instanceof InetSocketAddress from && activated instanceof InetSocketAddress to) {
			if (from.getPort() != to.getPort()) {
				return false;
			}
			if (from.isUnresolved() != to.isUnresolved()) {
				return true;
			}
			return from.isUnresolved() ? from.getHostString().equalsIgnoreCase(to.getHostString())
					: from.getAddress().equals(to.getAddress());
		}
		return lost != null && lost.equals(activated);
	}

	@Override
	public void close() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
	}

	/**
	 * A reconnect under way: the server it reconnects to, and when its first attempt was
	 * made.
	 */
	private record Pending(@Nullable SocketAddress server, long since) {

	}

}
