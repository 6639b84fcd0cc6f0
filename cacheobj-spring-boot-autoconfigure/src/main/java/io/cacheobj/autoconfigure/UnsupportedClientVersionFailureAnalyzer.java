package io.cacheobj.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports Redis client libraries whose versions cacheobj does not support, naming the
 * versions it does.
 */
class UnsupportedClientVersionFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedClientVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedClientVersionException cause) {
		String description = "The application's Redis clients are " + cause.getFound()
				+ ", which cacheobj's redis backends do not run on. They run on " + cause.getSupported() + ".";
		String action = "Let Spring Boot's dependency management choose the versions of"
				+ " org.springframework.data:spring-data-redis and io.lettuce:lettuce-core (remove any version you set"
				+ " for them, or the spring-data-bom.version and lettuce.version properties), or set both to a"
				+ " supported pair.";
		return new FailureAnalysis(description, action, cause);
	}

}
