package org.springframework.boot.docker.compose.service.connection;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.core.env.Environment;
import org.springframework.mock.env.MockEnvironment;

/**
 * Creates a {@link DockerComposeConnectionSource}, whose constructor is package-private,
 * over a stubbed {@link RunningService}: there is no Docker engine to run Compose.
 */
public final class TestDockerComposeConnectionSource {

	private TestDockerComposeConnectionSource() {
	}

	public static DockerComposeConnectionSource of(RunningService service) {
		Environment environment = new MockEnvironment();
		return new DockerComposeConnectionSource(service, environment);
	}

}
