package io.cacheobj.autoconfigure.cache;

import java.util.List;

/**
 * Thrown at start-up when {@code @Cacheable} or {@code @CachePut} methods return values
 * of a type that cacheobj's Spring cache does not trust, so that it would refuse every
 * value they return.
 */
class UntrustedCacheValueTypeException extends RuntimeException {

	static final String SETTING = "cacheobj.spring-cache.trusted-packages";

	private final List<Problem> problems;

	UntrustedCacheValueTypeException(List<Problem> problems) {
		super(describe(problems));
		this.problems = List.copyOf(problems);
	}

	List<Problem> getProblems() {
		return this.problems;
	}

	String getAction() {
		StringBuilder action = new StringBuilder("Add ");
		List<String> packages = this.problems.stream().map(Problem::packageName).distinct().toList();
		action.append(String.join(", ", packages.stream().map((name) -> "'" + name + "'").toList()));
		action.append(" to ").append(SETTING).append(", for example:%n%n    ").append(SETTING).append('=');
		action.append(String.join(",", packages));
		action.append("%n%nor move the type").append((packages.size() > 1) ? "s" : "");
		action.append(" into the application's packages (those of its @SpringBootApplication class).");
		return String.format(action.toString());
	}

	private static String describe(List<Problem> problems) {
		StringBuilder description = new StringBuilder();
		for (Problem problem : problems) {
			description.append((description.length() > 0) ? "; " : "")
				.append(problem.method())
				.append(" caches values of type ")
				.append(problem.valueType())
				.append(" in cache ")
				.append(problem.caches());
			if (!problem.valueType().equals(problem.untrustedType())) {
				description.append(", which holds type ").append(problem.untrustedType());
			}
		}
		return description + ", a type that cacheobj's Spring cache does not trust (it is outside the application's "
				+ "packages and " + SETTING + "), so it would refuse to store every value";
	}

	/**
	 * One method whose values would not be stored.
	 *
	 * @param method the method
	 * @param caches the names of its caches
	 * @param valueType the type it returns, as cached
	 * @param untrustedType the type, itself or nested in it, that is not trusted
	 */
	record Problem(String method, List<String> caches, String valueType, String untrustedType) {

		String packageName() {
			int dot = this.untrustedType.lastIndexOf('.');
			return (dot > 0) ? this.untrustedType.substring(0, dot) : this.untrustedType;
		}

	}

}
