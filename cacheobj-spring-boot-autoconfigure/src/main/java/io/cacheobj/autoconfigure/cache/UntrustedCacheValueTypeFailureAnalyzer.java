package io.cacheobj.autoconfigure.cache;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports {@code @Cacheable} and {@code @CachePut} methods whose values cacheobj's Spring
 * cache would refuse: which method, which type, and the setting that trusts it.
 */
class UntrustedCacheValueTypeFailureAnalyzer extends AbstractFailureAnalyzer<UntrustedCacheValueTypeException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UntrustedCacheValueTypeException cause) {
		return new FailureAnalysis("Untrusted Spring cache value type: " + cause.getMessage() + ".", cause.getAction(),
				cause);
	}

}
