package io.cacheobj.testsupport;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A master, its replica and three Sentinels that monitor it as {@code mymaster}, started
 * by {@link TestServers#redisSentinelGroup()}; closing it stops them all.
 *
 * @param master the master at start
 * @param replica its replica, which a failover promotes
 * @param sentinels the Sentinels
 */
public record RedisSentinelGroup(ManagedServer master, ManagedServer replica,
		List<ManagedServer> sentinels) implements AutoCloseable {

	/**
	 * Return the Sentinels as {@code host:port}, comma-separated.
	 * @return the Sentinels' addresses
	 */
	public String sentinelNodes() {
		return this.sentinels.stream()
			.map((sentinel) -> sentinel.host() + ":" + sentinel.port())
			.collect(Collectors.joining(","));
	}

	@Override
	public void close() {
		this.sentinels.forEach(ManagedServer::close);
		this.replica.close();
		this.master.close();
	}

}
