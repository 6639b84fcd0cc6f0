package io.cacheobj.autoconfigure.jcache;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an invalid {@code cacheobj.jcache.*} setting: which property, its value, what
 * to do.
 */
class InvalidCacheObjJCacheFailureAnalyzer extends AbstractFailureAnalyzer<InvalidCacheObjJCacheException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidCacheObjJCacheException cause) {
		return new FailureAnalysis("Invalid cacheobj JCache configuration: " + cause.getMessage() + ".",
				cause.getAction(), cause);
	}

}
