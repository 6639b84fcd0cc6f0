package io.cacheobj.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheObjException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads and writes {@link UserCache} objects over HTTP.
 */
@RestController
@RequestMapping("/users/{id}")
class UserController {

	private static final Set<String> PROPERTIES = Set.of("username", "name");

	private final CacheEntityRepository repository;

	UserController(CacheEntityRepository repository) {
		this.repository = repository;
	}

	@GetMapping
	ResponseEntity<Map<String, Object>> get(@PathVariable long id) {
		return this.repository.findById(UserCache.class, id)
			.map((user) -> ResponseEntity.ok(toJson(user)))
			.orElseGet(() -> ResponseEntity.notFound().build());
	}

	@PutMapping
	Map<String, Object> put(@PathVariable long id, @RequestBody Map<String, String> properties) {
		for (String property : properties.keySet()) {
			if (!PROPERTIES.contains(property)) {
				throw new IllegalArgumentException(
						"Unknown property '" + property + "': a user has " + PROPERTIES.stream().sorted().toList());
			}
		}
		UserCache user = this.repository.get(UserCache.class, id);
		if (properties.containsKey("username")) {
			user.username.set(properties.get("username"));
		}
		if (properties.containsKey("name")) {
			user.name.set(properties.get("name"));
		}
		return toJson(this.repository.load(UserCache.class, id));
	}

	@PostMapping("/logins")
	Map<String, Object> login(@PathVariable long id) {
		long logins = this.repository.get(UserCache.class, id).logins.incrementAndGet();
		return Map.of("id", id, "logins", logins);
	}

	@DeleteMapping
	@ResponseStatus(HttpStatus.NO_CONTENT)
	void delete(@PathVariable long id) {
		this.repository.delete(UserCache.class, id);
	}

	private static Map<String, Object> toJson(UserCache user) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", user.id);
		json.put("username", user.username.getCached());
		json.put("name", user.name.getCached());
		return json;
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body must be a JSON object of text properties, such as {\"username\":\"alice\",\"name\":\"Alice A\"}");
	}

	@ExceptionHandler(CacheObjException.class)
	ProblemDetail cacheFailure(CacheObjException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, ex.getMessage());
	}

}
