package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

/**
 * What cacheobj's other auto-configurations (health, endpoint, metrics, resilience,
 * Spring cache) read of the backends' settings, resolved once at start-up from
 * {@code cacheobj.backends}: each type's defaults applied and every value checked. A
 * setting that does not apply to a backend's type, or a value out of range, stops
 * start-up.
 * <p>
 * A backend that the application declares as a bean of its own has no settings; each
 * method says what it answers for one.
 *
 * @since 0.1.0
 */
public interface CacheBackendSettings {

	/**
	 * Return a backend's type.
	 * @param name the backend's name
	 * @return its type, or {@code null} for a backend the application declared as a bean
	 */
	@Nullable BackendType type(String name);

	/**
	 * Return whether a backend's operations are timed: its {@code metrics-enabled}, by
	 * default those of redis and memcached backends.
	 * @param name the backend's name
	 * @return whether its operations are timed; {@code true} for a backend the
	 * application declared as a bean
	 */
	boolean metricsEnabled(String name);

	/**
	 * Return the settings of the circuit breaker that guards a backend: its
	 * {@code circuit-breaker.*}, by default enabled for redis and memcached backends.
	 * @param name the backend's name
	 * @return its circuit breaker's settings, or {@code null} when no circuit breaker
	 * guards it, as for a backend the application declared as a bean
	 */
	@Nullable CircuitBreakerSettings circuitBreaker(String name);

	/**
	 * Describe a backend for health details and the actuator endpoint.
	 * @param name the backend's name
	 * @param backend the backend, whose class names the target of one the application
	 * declared
	 * @return {@code type} ({@code memory}, {@code redis}, {@code memcached} or
	 * {@code custom}) and {@code target}, with any password replaced by {@code ******}
	 */
	Map<String, Object> describe(String name, CacheBackend backend);

	/**
	 * Hide cacheobj's credentials in a value that the environment holds, as the
	 * {@code configprops} and {@code env} endpoints show it: the passwords of backends,
	 * the passwords in the URLs of their servers, and the values that those settings take
	 * from placeholders, such as {@code REDIS_URL} in {@code url: ${REDIS_URL}}.
	 * @param key the name of the property or environment variable that holds the value,
	 * in lower case
	 * @param value the value
	 * @return the value to show: {@code value} itself when it holds none of cacheobj's
	 * credentials, else the value with the password of each URL replaced by
	 * {@code ******}, or {@code ******} in place of a password
	 */
	@Nullable Object hideCredentials(String key, @Nullable Object value);

	/**
	 * The settings of a backend's circuit breaker.
	 *
	 * @param failureRateThreshold the failure rate, in percent, at or above which the
	 * circuit opens
	 * @param minimumNumberOfCalls the calls to record before the failure rate counts
	 * @param timeBased whether the sliding window holds the calls of the last
	 * {@code slidingWindowSize} seconds, rather than the last {@code slidingWindowSize}
	 * calls
	 * @param slidingWindowSize the seconds or calls the failure rate is computed over
	 * @param slowCallDurationThreshold how long a call may take before it counts as slow,
	 * and how long calls may wait unanswered before the circuit opens
	 * @param waitDurationInOpenState how long the circuit stays open before it lets trial
	 * calls through
	 * @param permittedNumberOfCallsInHalfOpenState the trial calls let through while
	 * half-open
	 * @since 0.1.0
	 */
	record CircuitBreakerSettings(float failureRateThreshold, int minimumNumberOfCalls, boolean timeBased,
			int slidingWindowSize, Duration slowCallDurationThreshold, Duration waitDurationInOpenState,
			int permittedNumberOfCallsInHalfOpenState) {

		/**
		 * Resolve a backend's circuit breaker settings.
		 * @param prefix the prefix of the backend's settings
		 * @param breaker its circuit breaker properties
		 * @param remote whether the backend is remote, and so guarded by default
		 * @return the settings, or {@code null} when no circuit breaker guards it
		 * @throws InvalidCacheObjPropertyException when a setting is out of range
		 */
		static @Nullable CircuitBreakerSettings resolve(String prefix, CacheObjCircuitBreakerProperties breaker,
				boolean remote) {
			String action = "Use a failure rate above 0 and at most 100, positive counts and a positive wait duration.";
			if (!(breaker.getFailureRateThreshold() > 0 && breaker.getFailureRateThreshold() <= 100)) {
				throw new InvalidCacheObjPropertyException(prefix + "circuit-breaker.failure-rate-threshold",
						String.valueOf(breaker.getFailureRateThreshold()), "is not a percentage above 0", action);
			}
			SettingChecks.checkPositive(prefix + "circuit-breaker.minimum-number-of-calls",
					breaker.getMinimumNumberOfCalls(), action);
			SettingChecks.checkPositive(prefix + "circuit-breaker.sliding-window-size", breaker.getSlidingWindowSize(),
					action);
			SettingChecks.checkPositive(prefix + "circuit-breaker.permitted-number-of-calls-in-half-open-state",
					breaker.getPermittedNumberOfCallsInHalfOpenState(), action);
			SettingChecks.checkPositive(prefix + "circuit-breaker.wait-duration-in-open-state",
					breaker.getWaitDurationInOpenState(), action);
			SettingChecks.checkPositive(prefix + "circuit-breaker.slow-call-duration-threshold",
					breaker.getSlowCallDurationThreshold(), action);
			Boolean enabled = breaker.getEnabled();
			if (!((enabled != null) ? enabled : remote)) {
				return null;
			}
			return new CircuitBreakerSettings(breaker.getFailureRateThreshold(), breaker.getMinimumNumberOfCalls(),
					breaker.getSlidingWindowType() == CacheObjCircuitBreakerProperties.SlidingWindowType.TIME_BASED,
					breaker.getSlidingWindowSize(), breaker.getSlowCallDurationThreshold(),
					breaker.getWaitDurationInOpenState(), breaker.getPermittedNumberOfCallsInHalfOpenState());
		}

	}

}
