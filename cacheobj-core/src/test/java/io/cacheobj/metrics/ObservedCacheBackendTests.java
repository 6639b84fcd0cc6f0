package io.cacheobj.metrics;

import java.util.List;

import io.cacheobj.CacheBackendException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.Test;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests the observations of {@link MeteredCacheBackend}.
 */
class ObservedCacheBackendTests {

	private final TestObservationRegistry observations = TestObservationRegistry.create();

	private final CacheBackend backend = CacheObjMetrics.decorate("local", MemoryCacheBackend.builder("local").build(),
			this.observations, null);

	@Test
	void getIsObservedWithItsBackendOperationAndOutcome() {
		this.backend.get("missing");
		assertThat(this.observations).hasSingleObservationThat()
			.hasNameEqualTo(CacheObjMetrics.OBSERVATION)
			.hasContextualNameEqualTo("cacheobj get")
			.hasLowCardinalityKeyValue("backend", "local")
			.hasLowCardinalityKeyValue("operation", "get")
			.hasLowCardinalityKeyValue("outcome", "miss")
			.doesNotHaveHighCardinalityKeyValueWithKey(CacheObjMetrics.BULK_SIZE)
			.hasBeenStarted()
			.hasBeenStopped();
	}

	@Test
	void hitsWritesCountersAndDeletesAreObserved() {
		this.backend.set("a", StoredValue.of(new byte[] { 1 }), null);
		this.backend.get("a");
		this.backend.increment("n", 2, null);
		this.backend.delete("a");
		assertThat(this.observations).hasNumberOfObservationsWithNameEqualTo(CacheObjMetrics.OBSERVATION, 4)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "set")
				.hasLowCardinalityKeyValue("outcome", "success"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "get")
				.hasLowCardinalityKeyValue("outcome", "hit"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "increment"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "delete"));
	}

	@Test
	void bulkOperationsCarryTheirSizeAsAHighCardinalityKey() {
		this.backend.getAll(List.of("a", "b", "c"));
		this.backend.deleteAll(List.of("x", "y"));
		assertThat(this.observations)
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "bulk-get")
				.hasHighCardinalityKeyValue(CacheObjMetrics.BULK_SIZE, "3"))
			.hasAnObservation((observation) -> observation.hasLowCardinalityKeyValue("operation", "delete")
				.hasHighCardinalityKeyValue(CacheObjMetrics.BULK_SIZE, "2"));
	}

	@Test
	void failuresAreObservedAsErrorsAndRethrown() {
		CacheBackendException failure = new CacheBackendException("down", null);
		CacheBackend broken = CacheObjMetrics.decorate("broken",
				new RecordingCacheBackend(MemoryCacheBackend.builder("b").build()) {

					@Override
					public StoredValue get(String key) {
						throw failure;
					}

				}, this.observations, null);
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> broken.get("k"));
		assertThat(this.observations).hasSingleObservationThat()
			.hasLowCardinalityKeyValue("outcome", "error")
			.hasError(failure)
			.hasBeenStopped();
	}

	@Test
	void anOperationIsAChildOfTheCallersObservation() {
		Observation caller = Observation.start("caller", this.observations);
		try (Observation.Scope scope = caller.openScope()) {
			this.backend.get("k");
		}
		caller.stop();
		assertThat(this.observations)
			.hasAnObservation((observation) -> observation.hasNameEqualTo(CacheObjMetrics.OBSERVATION)
				.hasParentObservationEqualTo(caller));
	}

	@Test
	void meterHandlerMakesTheOperationsTimerWithItsTags() {
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		TestObservationRegistry registry = TestObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		CacheBackend timed = CacheObjMetrics.decorate("local", MemoryCacheBackend.builder("local").build(), registry,
				meters);
		timed.get("k");
		timed.getAll(List.of("a", "b"));
		assertThat(meters.get(CacheObjMetrics.TIMER)
			.tags("backend", "local", "operation", "get", "outcome", "miss")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.get(CacheObjMetrics.BULK_SIZE).tag("operation", "bulk-get").summary().totalAmount())
			.isEqualTo(2);
	}

}
