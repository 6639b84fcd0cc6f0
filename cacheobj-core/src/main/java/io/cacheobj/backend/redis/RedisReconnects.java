package io.cacheobj.backend.redis;

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
 * is next activated (its handshake done), however many attempts it took.
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

	/** When each reconnect under way made its first attempt, oldest first. */
	private final Queue<Long> reconnecting = new ConcurrentLinkedQueue<>();

	private final @Nullable Disposable subscription;

	private RedisReconnects(String backend, @Nullable EventBus events) {
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
				this.reconnecting.add(System.nanoTime());
			}
		}
		else if (event instanceof ConnectionActivatedEvent activated) {
			Long since = this.reconnecting.poll();
			if (since != null) {
				this.reconnects.incrementAndGet();
				if (logger.isInfoEnabled()) {
					logger.info(this.backend + " reconnected to " + activated.remoteAddress() + " "
							+ (System.nanoTime() - since) / 1_000_000 + " ms after its first attempt");
				}
			}
		}
	}

	@Override
	public void close() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
	}

}
