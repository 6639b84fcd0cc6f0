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
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the sample's {@code redis} profile, given its URL in {@code REDIS_URL} as a
 * deployment would, shows the password nowhere: not in {@code /actuator/env} under
 * {@code REDIS_URL} itself, where cacheobj's {@code url: ${REDIS_URL:...}} takes it from,
 * nor anywhere else.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "REDIS_URL=redis://:t0p-s3cret@127.0.0.1:1/0", "cacheobj.backends.redis.timeout=200ms",
				"management.endpoint.configprops.show-values=always", "management.endpoint.env.show-values=always",
				"management.endpoints.web.exposure.include=*" })
@ActiveProfiles("redis")
@ExtendWith(OutputCaptureExtension.class)
class SampleSecretsTests {

	@LocalServerPort
	int port;

	@Test
	void redisUrlVariableIsMaskedInEnv() throws Exception {
		String env = get("/actuator/env/REDIS_URL");
		assertThat(env).contains("redis://:******@127.0.0.1:1/0").doesNotContain("t0p-s3cret");
	}

	@Test
	void passwordIsPrintedNowhere(CapturedOutput output) throws Exception {
		String everything = get("/actuator/env") + get("/actuator/configprops") + get("/actuator/health")
				+ get("/actuator/cacheobj");
		assertThat(everything).contains("REDIS_URL").doesNotContain("t0p-s3cret");
		assertThat(output.getAll()).doesNotContain("t0p-s3cret");
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					BodyHandlers.ofString())
			.body();
	}

}
