package io.cacheobj.backend.memcached;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.ConnectionFactoryBuilder.Locator;
import net.spy.memcached.ConnectionFactoryBuilder.Protocol;
import net.spy.memcached.DefaultHashAlgorithm;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

/**
 * Creates the spymemcached client of a {@link MemcachedCacheBackend} from its builder's
 * settings: protocol, key distribution, failure mode, timeout and reconnect delay, with
 * {@link FastReconnect}'s nodes.
 */
final class MemcachedClientFactory {

	private MemcachedClientFactory() {
	}

	/**
	 * Create a client; it connects in the background and reconnects by itself.
	 * @param servers the servers
	 * @param binaryProtocol whether to speak the binary protocol
	 * @param pythonDistribution whether to spread keys as python-memcached does, else by
	 * Ketama consistent hashing
	 * @param failureMode what happens to the keys of a server that is down
	 * @param timeoutMillis how long an operation may take
	 * @param maxReconnectDelay the longest wait between attempts to reconnect
	 * @param transcoder the transcoder of every item
	 * @return the client
	 * @throws IOException when the client cannot be created
	 */
	static MemcachedClient create(List<InetSocketAddress> servers, boolean binaryProtocol, boolean pythonDistribution,
			FailureMode failureMode, long timeoutMillis, Duration maxReconnectDelay, StoredValueTranscoder transcoder)
			throws IOException {
		ConnectionFactoryBuilder connection = new ConnectionFactoryBuilder()
			.setProtocol(binaryProtocol ? Protocol.BINARY : Protocol.TEXT)
			.setLocatorType(pythonDistribution ? Locator.ARRAY_MOD : Locator.CONSISTENT)
			.setHashAlg(pythonDistribution ? DefaultHashAlgorithm.CRC_HASH : DefaultHashAlgorithm.KETAMA_HASH)
			.setFailureMode(failureMode)
			.setOpTimeout(timeoutMillis)
			.setMaxReconnectDelay(maxReconnectDelay.toSeconds())
			.setTranscoder(transcoder)
			.setDaemon(true);
		return new MemcachedClient(FastReconnect.of(connection.build()), servers);
	}

}
