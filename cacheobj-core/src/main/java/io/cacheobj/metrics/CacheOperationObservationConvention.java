package io.cacheobj.metrics;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observations of backend operations. Micrometer's
 * {@code DefaultMeterObservationHandler} names a timer after its observation, so the
 * observation is named as the timer has always been, {@value MeteredCacheBackend#TIMER};
 * spans are named {@code cacheobj <operation>}.
 */
final class CacheOperationObservationConvention implements ObservationConvention<CacheOperationContext> {

	static final CacheOperationObservationConvention INSTANCE = new CacheOperationObservationConvention();

	private CacheOperationObservationConvention() {
	}

	@Override
	public String getName() {
		return MeteredCacheBackend.OBSERVATION;
	}

	@Override
	public String getContextualName(CacheOperationContext context) {
		return "cacheobj " + context.operation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(CacheOperationContext context) {
		return KeyValues.of("backend", context.backend(), "operation", context.operation(), "outcome",
				context.outcome());
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(CacheOperationContext context) {
		return (context.bulkSize() < 0) ? KeyValues.empty()
				: KeyValues.of(MeteredCacheBackend.BULK_SIZE, Integer.toString(context.bulkSize()));
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof CacheOperationContext;
	}

}
