package io.cacheobj.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A circuit breaker, which makes calls to a backend that keeps failing fail at once.
 *
 * @since 0.1.0
 */
public class CacheObjCircuitBreakerProperties {

	/**
	 * Whether to guard the backend with a circuit breaker; by default, redis and
	 * memcached backends are guarded and memory backends are not.
	 */
	private @Nullable Boolean enabled;

	/**
	 * Percentage of failed calls, among those of the sliding window, that opens the
	 * breaker.
	 */
	private float failureRateThreshold = 50;

	/**
	 * Number of calls the breaker needs in its window before it computes a failure rate.
	 */
	private int minimumNumberOfCalls = 20;

	/**
	 * Whether the sliding window holds the calls of the last sliding-window-size seconds
	 * or the last sliding-window-size calls.
	 */
	private SlidingWindowType slidingWindowType = SlidingWindowType.TIME_BASED;

	/**
	 * Size of the sliding window whose calls the breaker weighs: seconds when time-based,
	 * calls when count-based.
	 */
	private int slidingWindowSize = 2;

	/**
	 * How long a call may take before it counts as slow; calls that have waited this
	 * long, with none answered meanwhile, open the breaker at once.
	 */
	private Duration slowCallDurationThreshold = Duration.ofMillis(500);

	/**
	 * How long an open breaker fails calls at once before it lets probes through.
	 */
	private Duration waitDurationInOpenState = Duration.ofSeconds(1);

	/**
	 * Number of probe calls that decide whether a half-open breaker closes.
	 */
	private int permittedNumberOfCallsInHalfOpenState = 3;

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	public float getFailureRateThreshold() {
		return this.failureRateThreshold;
	}

	public void setFailureRateThreshold(float failureRateThreshold) {
		this.failureRateThreshold = failureRateThreshold;
	}

	public int getMinimumNumberOfCalls() {
		return this.minimumNumberOfCalls;
	}

	public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
		this.minimumNumberOfCalls = minimumNumberOfCalls;
	}

	public SlidingWindowType getSlidingWindowType() {
		return this.slidingWindowType;
	}

	public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
		this.slidingWindowType = slidingWindowType;
	}

	public Duration getSlowCallDurationThreshold() {
		return this.slowCallDurationThreshold;
	}

	public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
		this.slowCallDurationThreshold = slowCallDurationThreshold;
	}

	public int getSlidingWindowSize() {
		return this.slidingWindowSize;
	}

	public void setSlidingWindowSize(int slidingWindowSize) {
		this.slidingWindowSize = slidingWindowSize;
	}

	public Duration getWaitDurationInOpenState() {
		return this.waitDurationInOpenState;
	}

	public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
		this.waitDurationInOpenState = waitDurationInOpenState;
	}

	public int getPermittedNumberOfCallsInHalfOpenState() {
		return this.permittedNumberOfCallsInHalfOpenState;
	}

	public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
		this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
	}

	/**
	 * Kinds of sliding window.
	 */
	public enum SlidingWindowType {

		/**
		 * The calls of the last sliding-window-size seconds.
		 */
		TIME_BASED,

		/**
		 * The last sliding-window-size calls.
		 */
		COUNT_BASED

	}

}
