package io.cacheobj.autoconfigure.service.connection;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A {@code memcached} container that is never started: it reports a host and a mapped
 * port of the test's choosing, so that service connections are tested without Docker.
 */
class StubMemcachedContainer extends GenericContainer<StubMemcachedContainer> {

	private final String host;

	private final int port;

	StubMemcachedContainer(String host, int port) {
		super(DockerImageName.parse("memcached:1.6"));
		this.host = host;
		this.port = port;
		withExposedPorts(11211);
	}

	@Override
	public void start() {
	}

	@Override
	public void stop() {
	}

	@Override
	public boolean isRunning() {
		return true;
	}

	@Override
	public String getHost() {
		return this.host;
	}

	@Override
	public Integer getMappedPort(int originalPort) {
		return this.port;
	}

	@Override
	public String getDockerImageName() {
		return "memcached:1.6";
	}

}
