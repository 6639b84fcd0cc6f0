package io.cacheobj.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code cacheobj.*} setting: which property, its value, what to do.
 */
class InvalidCacheObjPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCacheObjPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCacheObjPropertyException cause) {
		return new FailureAnalysis("Invalid cacheobj configuration: " + cause.getMessage() + ".", cause.getAction(),
				cause);
	}

}
