package io.cacheobj.autoconfigure;

import io.cacheobj.CacheEntityDefinitionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@code @CacheEntity} or {@code @CachedProperty} definition that cannot be
 * bound: what is wrong, where, and what to change.
 */
class CacheEntityDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<CacheEntityDefinitionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, CacheEntityDefinitionException cause) {
		return new FailureAnalysis("Invalid cacheobj definition: " + cause.getMessage() + ".", cause.getAction(),
				cause);
	}

}
