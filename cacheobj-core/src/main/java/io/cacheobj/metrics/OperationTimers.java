package io.cacheobj.metrics;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The {@value MeteredCacheBackend#TIMER} timers of one backend, registered once, for
 * applications without an observation registry: an operation then costs two clock reads
 * and one timer update.
 */
final class OperationTimers {

	private final Timer getHit;

	private final Timer getMiss;

	private final Timer getError;

	private final Timer bulkGetSuccess;

	private final Timer bulkGetError;

	private final Timer setSuccess;

	private final Timer setError;

	private final Timer deleteSuccess;

	private final Timer deleteError;

	private final Timer incrementSuccess;

	private final Timer incrementError;

	private final Timer bulkWriteSuccess;

	private final Timer bulkWriteError;

	OperationTimers(MeterRegistry registry, String name) {
		this.getHit = timer(registry, name, "get", "hit");
		this.getMiss = timer(registry, name, "get", "miss");
		this.getError = timer(registry, name, "get", "error");
		this.bulkGetSuccess = timer(registry, name, "bulk-get", "success");
		this.bulkGetError = timer(registry, name, "bulk-get", "error");
		this.setSuccess = timer(registry, name, "set", "success");
		this.setError = timer(registry, name, "set", "error");
		this.deleteSuccess = timer(registry, name, "delete", "success");
		this.deleteError = timer(registry, name, "delete", "error");
		this.incrementSuccess = timer(registry, name, "increment", "success");
		this.incrementError = timer(registry, name, "increment", "error");
		this.bulkWriteSuccess = timer(registry, name, "bulk-write", "success");
		this.bulkWriteError = timer(registry, name, "bulk-write", "error");
	}

	private static Timer timer(MeterRegistry registry, String backend, String operation, String outcome) {
		return Timer.builder(MeteredCacheBackend.TIMER)
			.description("Operations of cacheobj backends")
			.tags("backend", backend, "operation", operation, "outcome", outcome)
			.register(registry);
	}

	void record(CacheOperationContext context, long start) {
		timer(context.operation(), context.outcome()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String operation, String outcome) {
		boolean error = "error".equals(outcome);
		return switch (operation) {
			case "get" -> error ? this.getError : "hit".equals(outcome) ? this.getHit : this.getMiss;
			case "bulk-get" -> error ? this.bulkGetError : this.bulkGetSuccess;
			case "set" -> error ? this.setError : this.setSuccess;
			case "delete" -> error ? this.deleteError : this.deleteSuccess;
			case "bulk-write" -> error ? this.bulkWriteError : this.bulkWriteSuccess;
			default -> error ? this.incrementError : this.incrementSuccess;
		};
	}

}
