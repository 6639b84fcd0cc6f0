package io.cacheobj.testsupport;

import java.util.List;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A server in a Docker container, used when its binary is not on the PATH. It cannot be
 * killed and restarted on the same port, so tests that do that need the binary.
 */
final class ContainerServer implements ManagedServer {

	private final GenericContainer<?> container;

	private final int containerPort;

	@SuppressWarnings("resource")
	ContainerServer(String image, int containerPort, List<String> command) {
		this.containerPort = containerPort;
		this.container = new GenericContainer<>(DockerImageName.parse(image)).withExposedPorts(containerPort)
			.withCommand(command.toArray(String[]::new))
			.waitingFor(Wait.forListeningPort());
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(this.containerPort);
	}

	@Override
	public void start() {
		this.container.start();
	}

	@Override
	public void kill() {
		throw unsupported();
	}

	@Override
	public void signal(String signal) {
		throw unsupported();
	}

	@Override
	public void close() {
		this.container.stop();
	}

	private static IllegalStateException unsupported() {
		return new IllegalStateException("This test kills and restarts a server on the same port, which needs the "
				+ "local binary: install Debian's redis-server and memcached (apt-get install redis-server memcached)");
	}

}
