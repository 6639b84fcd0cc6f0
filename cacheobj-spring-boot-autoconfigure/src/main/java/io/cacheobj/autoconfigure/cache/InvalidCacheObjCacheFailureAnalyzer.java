package io.cacheobj.autoconfigure.cache;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code cacheobj.spring-cache.*} setting: which property, its value,
 * what to do.
 */
class InvalidCacheObjCacheFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCacheObjCacheException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCacheObjCacheException cause) {
		return new FailureAnalysis("Invalid cacheobj Spring cache configuration: " + cause.getMessage() + ".",
				cause.getAction(), cause);
	}

}
