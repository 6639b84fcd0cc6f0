package io.cacheobj.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.cacheobj.cache.CacheObjCacheManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cache.CacheManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the sample's {@code @Cacheable} quotes over HTTP, on the memory default.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleQuotesTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private CacheManager cacheManager;

	@Autowired
	private QuoteService quotes;

	@Test
	void aQuoteIsComputedOnceThenServedFromTheCacheUntilEvicted() throws Exception {
		assertThat(this.cacheManager).isInstanceOf(CacheObjCacheManager.class);
		long before = this.quotes.computations();
		HttpResponse<String> first = send("GET", "/quotes/kettle-1");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).startsWith("{\"sku\":\"kettle-1\",\"price\":");
		assertThat(send("GET", "/quotes/kettle-1").body()).isEqualTo(first.body());
		assertThat(this.quotes.computations()).isEqualTo(before + 1);
		assertThat(send("DELETE", "/quotes/kettle-1").statusCode()).isEqualTo(204);
		assertThat(send("GET", "/quotes/kettle-1").body()).isEqualTo(first.body());
		assertThat(this.quotes.computations()).isEqualTo(before + 2);
	}

	@Test
	void actuatorListsTheQuotesCache() throws Exception {
		send("GET", "/quotes/kettle-2");
		HttpResponse<String> caches = send("GET", "/actuator/caches");
		assertThat(caches.statusCode()).isEqualTo(200);
		assertThat(caches.body()).contains("\"cacheManager\"").contains("\"quotes\"");
	}

	private HttpResponse<String> send(String method, String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build();
		return this.client.send(request, BodyHandlers.ofString());
	}

}
