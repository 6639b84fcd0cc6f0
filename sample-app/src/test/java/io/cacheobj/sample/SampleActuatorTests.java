package io.cacheobj.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the sample application's actuator: cacheobj's health, endpoint and metrics, and
 * that a password in cacheobj's settings is printed nowhere.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "cacheobj.backends.vault.type=redis",
				"cacheobj.backends.vault.url=redis://:t0p-s3cret@127.0.0.1:1", "cacheobj.backends.vault.timeout=200ms",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
				"management.endpoints.web.exposure.include=*", "cacheobj.backends.local.metrics-enabled=true" })
@ExtendWith(OutputCaptureExtension.class)
class SampleActuatorTests {

	@LocalServerPort
	int port;

	@Test
	void healthShowsEachBackendUnderCacheobj() throws Exception {
		String health = get("/actuator/health");
		assertThat(health).contains("\"cacheobj\"", "\"local\"", "\"vault\"", "\"type\":\"redis\"",
				"redis://:******@127.0.0.1:1");
	}

	@Test
	void endpointListsTheUserCache() throws Exception {
		String cacheobj = get("/actuator/cacheobj");
		assertThat(cacheobj).contains("\"name\":\"UserCache\"", "\"keyPattern\":\"UserCache.{id}.username\"",
				"\"valueType\":\"counter\"", "\"vault\"");
	}

	@Test
	void metricsTimeTheBackends() throws Exception {
		get("/users/7");
		String metric = get("/actuator/metrics/cacheobj.operations?tag=backend:local");
		assertThat(metric).contains("\"name\":\"cacheobj.operations\"", "\"outcome\"", "\"operation\"");
	}

	@Test
	void passwordIsPrintedNowhere(CapturedOutput output) throws Exception {
		String configprops = get("/actuator/configprops");
		assertThat(configprops).contains("cacheobj").contains("redis://:******@127.0.0.1:1");
		String everything = configprops + get("/actuator/health") + get("/actuator/cacheobj") + get("/actuator/env");
		assertThat(everything).doesNotContain("t0p-s3cret");
		assertThat(output.getAll()).doesNotContain("t0p-s3cret");
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					BodyHandlers.ofString())
			.body();
	}

}
