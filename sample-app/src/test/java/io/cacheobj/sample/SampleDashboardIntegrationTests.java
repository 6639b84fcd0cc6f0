package io.cacheobj.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric that docs/grafana/cacheobj-dashboard.json queries is in the sample
 * application's {@code /actuator/prometheus} after one request, on its redis profile (a
 * near-cached Redis backend, the quotes cache on it) against a real redis-server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("redis")
class SampleDashboardIntegrationTests {

	private static final Path DASHBOARD = Path.of("../docs/grafana/cacheobj-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b(?:cacheobj|cache|resilience4j)_[a-z0-9_]+\\b");

	private static final Pattern LABELS = Pattern.compile("\\{[^}]*}");

	static final ManagedServer redis = TestServers.redis();

	@LocalServerPort
	int port;

	@AfterAll
	static void stopServer() {
		redis.close();
	}

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("REDIS_URL", () -> "redis://127.0.0.1:" + redis.port() + "/0");
	}

	@Test
	void everyMetricTheDashboardQueriesIsScrapedAfterOneRequest() throws Exception {
		Set<String> queried = queriedMetrics();
		assertThat(queried).contains("cacheobj_operations_seconds_bucket", "cacheobj_near_cache_gets_total",
				"cacheobj_near_cache_invalidations_total", "cacheobj_decode_errors_total",
				"resilience4j_circuitbreaker_state", "cache_gets_total");
		assertThat(status("/users/7")).isEqualTo(404);
		String scrape = get("/actuator/prometheus");
		Set<String> scraped = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.startsWith("#") && !line.isBlank()) {
				scraped.add(line.split("[{ ]", 2)[0]);
			}
		}
		assertThat(scraped).containsAll(queried);
		assertThat(scrape).contains("resilience4j_circuitbreaker_state{name=\"cacheobj.redis\",state=\"closed\"} 1");
	}

	private static Set<String> queriedMetrics() {
		JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
		Set<String> metrics = new TreeSet<>();
		for (JsonNode expression : dashboard.findValues("expr")) {
			Matcher matcher = METRIC.matcher(LABELS.matcher(expression.asString()).replaceAll(""));
			while (matcher.find()) {
				metrics.add(matcher.group());
			}
		}
		for (JsonNode query : dashboard.findValues("definition")) {
			Matcher matcher = METRIC.matcher(query.asString());
			while (matcher.find()) {
				metrics.add(matcher.group());
			}
		}
		return metrics;
	}

	private int status(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					BodyHandlers.discarding())
			.statusCode();
	}

	private String get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					BodyHandlers.ofString())
			.body();
	}

}
