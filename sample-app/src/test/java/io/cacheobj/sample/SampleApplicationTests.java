package io.cacheobj.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.CacheBackend;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests the sample application over HTTP, on its default memory backends.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private CacheEntityRepository repository;

	@Autowired
	private CacheBackend local;

	@Test
	void putStoresPropertiesThatGetReturns() throws Exception {
		HttpResponse<String> put = send("PUT", "/users/10", "{\"username\":\"alice\",\"name\":\"Alice A\"}");
		assertThat(put.statusCode()).isEqualTo(200);
		assertThat(put.body()).isEqualTo("{\"id\":10,\"username\":\"alice\",\"name\":\"Alice A\"}");
		HttpResponse<String> get = send("GET", "/users/10", null);
		assertThat(get.statusCode()).isEqualTo(200);
		assertThat(get.body()).isEqualTo("{\"id\":10,\"username\":\"alice\",\"name\":\"Alice A\"}");
		assertThat(this.repository.get(UserCache.class, 10).username.get()).isEqualTo("alice");
		assertThat(new String(this.local.get("UserCache.10.username").bytes())).isEqualTo("alice");
	}

	@Test
	void putOfOnePropertyKeepsTheOthers() throws Exception {
		send("PUT", "/users/11", "{\"username\":\"bob\",\"name\":\"Bob\"}");
		HttpResponse<String> put = send("PUT", "/users/11", "{\"name\":\"Robert\"}");
		assertThat(put.body()).isEqualTo("{\"id\":11,\"username\":\"bob\",\"name\":\"Robert\"}");
	}

	@Test
	void loginsCountUp() throws Exception {
		assertThat(send("POST", "/users/12/logins", null).body()).contains("\"logins\":1");
		assertThat(send("POST", "/users/12/logins", null).body()).contains("\"logins\":2");
		assertThat(this.repository.get(UserCache.class, 12).logins.get()).isEqualTo(2);
	}

	@Test
	void unknownUserIsNotFound() throws Exception {
		assertThat(send("GET", "/users/404", null).statusCode()).isEqualTo(404);
	}

	@Test
	void deleteRemovesTheUser() throws Exception {
		send("PUT", "/users/13", "{\"username\":\"carol\"}");
		send("POST", "/users/13/logins", null);
		assertThat(send("DELETE", "/users/13", null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/users/13", null).statusCode()).isEqualTo(404);
		assertThat(this.repository.exists(UserCache.class, 13)).isFalse();
	}

	@Test
	void unknownPropertyIsABadRequestThatWritesNothing() throws Exception {
		HttpResponse<String> response = send("PUT", "/users/14", "{\"username\":\"dan\",\"email\":\"d@x\"}");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("Unknown property 'email'", "[name, username]");
		assertThat(this.repository.exists(UserCache.class, 14)).isFalse();
	}

	@Test
	void malformedJsonIsABadRequest() throws Exception {
		HttpResponse<String> response = send("PUT", "/users/15", "{\"username\":");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("JSON object");
	}

	@Test
	void nonNumericIdIsABadRequest() throws Exception {
		assertThat(send("GET", "/users/abc", null).statusCode()).isEqualTo(400);
	}

	private HttpResponse<String> send(String method, String path, String json)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, (json != null) ? BodyPublishers.ofString(json) : BodyPublishers.noBody());
		if (json != null) {
			request.header("Content-Type", "application/json");
		}
		return this.client.send(request.build(), BodyHandlers.ofString());
	}

}
