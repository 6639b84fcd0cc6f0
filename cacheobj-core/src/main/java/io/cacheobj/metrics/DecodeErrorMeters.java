package io.cacheobj.metrics;

import io.cacheobj.binding.CacheObjBinding;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counters of values that did not decode: {@value #DECODE_ERRORS} tagged
 * {@code backend}, whether they raised a {@code CacheValueException} or read as absent
 * ({@code on-decode-error: miss}).
 */
final class DecodeErrorMeters {

	static final String DECODE_ERRORS = CacheObjMetrics.DECODE_ERRORS;

	private DecodeErrorMeters() {
	}

	/**
	 * Register one counter per backend of a binding.
	 * @param binding the binding
	 * @param registry the registry
	 */
	static void bind(CacheObjBinding binding, MeterRegistry registry) {
		for (String backend : binding.backends().keySet()) {
			FunctionCounter.builder(DECODE_ERRORS, binding, (counted) -> counted.decodeErrors(backend))
				.description("Values read from the backend that did not decode as their property's type")
				.tags("backend", backend)
				.register(registry);
		}
	}

}
