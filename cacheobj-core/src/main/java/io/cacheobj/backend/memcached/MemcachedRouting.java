package io.cacheobj.backend.memcached;

import java.net.SocketAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.CacheBackendException;
import net.spy.memcached.ConnectionObserver;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Fails a single-key operation at once when spymemcached would queue it on a server that
 * is down, rather than let it wait there for the whole timeout.
 * <p>
 * With {@code FailureMode.Redistribute}, spymemcached moves the key of a server that is
 * down to the next server of the key's sequence, but a ketama sequence tries only as many
 * points of the ring as there are servers: when every one falls on a server that is down
 * (with three servers, one in 27 of a down server's keys), spymemcached queues the
 * operation on the down server, where it waits until it times out. Such waits keep their
 * callers for a second each and, when every caller of the moment waits on one, look like
 * a backend that stopped answering, though the other servers answer. The check costs a
 * read of an empty set while every server is connected.
 * <p>
 * It also counts the backend's reconnects: a server whose connection was lost counts once
 * when it is connected again, and each reconnect is logged once, at info level.
 */
final class MemcachedRouting implements ConnectionObserver {

	private static final Log logger = LogFactory.getLog(MemcachedRouting.class);

	/** The servers whose connection is lost, with when it was lost. */
	private final Map<SocketAddress, Long> lost = new ConcurrentHashMap<>();

	private final AtomicLong reconnects = new AtomicLong();

	private final MemcachedFailures failures;

	private volatile NodeLocator locator;

	MemcachedRouting(MemcachedFailures failures) {
		this.failures = failures;
	}

	/**
	 * Check keys against a client's nodes; until then, nothing is checked.
	 * @param locator the client's node locator, whose nodes say whether they are up
	 */
	void watch(NodeLocator locator) {
		this.locator = locator;
	}

	/**
	 * Check that an operation on a key reaches a server that is up.
	 * @param key the key, for messages
	 * @param safeKey the key sent to memcached
	 * @throws CacheBackendException when the key's server is down and no other takes it
	 */
	void check(String key, String safeKey) {
		NodeLocator locator = this.locator;
		if (this.lost.isEmpty() || locator == null) {
			return;
		}
		MemcachedNode primary = locator.getPrimary(safeKey);
		if (primary.isActive()) {
			return;
		}
		for (Iterator<MemcachedNode> sequence = locator.getSequence(safeKey); sequence.hasNext();) {
			if (sequence.next().isActive()) {
				return;
			}
		}
		throw new CacheBackendException(this.failures.backend() + " cannot reach key '" + key + "': its server "
				+ primary.getSocketAddress() + " is down and no other server takes the key", null);
	}

	/**
	 * Return how many times a lost connection was connected again.
	 * @return the count
	 */
	long reconnects() {
		return this.reconnects.get();
	}

	@Override
	public void connectionEstablished(SocketAddress server, int reconnectCount) {
		Long since = this.lost.remove(server);
		if (since != null) {
			this.reconnects.incrementAndGet();
			if (logger.isInfoEnabled()) {
				logger.info(this.failures.backend() + " reconnected to " + server + " "
						+ (System.nanoTime() - since) / 1_000_000 + " ms after losing its connection");
			}
		}
	}

	@Override
	public void connectionLost(SocketAddress server) {
		this.lost.putIfAbsent(server, System.nanoTime());
	}

}
