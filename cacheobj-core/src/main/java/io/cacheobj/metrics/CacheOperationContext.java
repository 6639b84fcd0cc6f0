package io.cacheobj.metrics;

import io.micrometer.observation.Observation;

/**
 * What an observation of one backend operation carries: the backend, the operation, its
 * outcome once known, and the number of keys of a bulk operation.
 */
final class CacheOperationContext extends Observation.Context {

	private final String backend;

	private final String operation;

	private final int bulkSize;

	private String outcome = "success";

	CacheOperationContext(String backend, String operation, int bulkSize) {
		this.backend = backend;
		this.operation = operation;
		this.bulkSize = bulkSize;
	}

	String backend() {
		return this.backend;
	}

	String operation() {
		return this.operation;
	}

	/**
	 * Return the number of keys of a bulk operation.
	 * @return the number, or {@code -1} for an operation on one key
	 */
	int bulkSize() {
		return this.bulkSize;
	}

	String outcome() {
		return this.outcome;
	}

	void outcome(String outcome) {
		this.outcome = outcome;
	}

}
