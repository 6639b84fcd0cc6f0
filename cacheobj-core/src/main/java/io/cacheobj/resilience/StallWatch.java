package io.cacheobj.resilience;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Opens a circuit breaker as soon as its backend stops answering, rather than once enough
 * calls have timed out: when calls have been made or waiting for the breaker's slow-call
 * duration threshold, and none has been answered meanwhile, as with a frozen server, or a
 * connection waiting for a server that is down.
 * <p>
 * Resilience4j weighs a call only once it has ended, and in a time-based window the
 * failures of a backend that just died are outnumbered by the successes before, so with a
 * 2s timeout a frozen server would keep every caller waiting for seconds before the
 * breaker opened. This watch applies the slow-call rule to calls still waiting, once the
 * backend has answered a first call (connections made at start may be slow). It costs two
 * uncontended counter updates per call; one timer thread, shared by every watch, looks at
 * them a few times per threshold.
 */
final class StallWatch {

	private static final Log logger = LogFactory.getLog(CircuitBreakerCacheBackend.class);

	private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static @Nullable ScheduledExecutorService timer;

	private final String name;

	private final CircuitBreaker breaker;

	private final long thresholdNanos;

	private final LongAdder started = new LongAdder();

	private final LongAdder ended = new LongAdder();

	private final LongAdder answered = new LongAdder();

	/**
	 * Whether the last opening was this watch's, read by the breaker's event consumer.
	 */
	private volatile boolean opened;

	/* Read and written by the timer thread only. */

	private long lastStarted;

	private long lastAnswered;

	private long quietSince = System.nanoTime();

	private StallWatch(String name, CircuitBreaker breaker, Duration threshold) {
		this.name = name;
		this.breaker = breaker;
		this.thresholdNanos = threshold.toNanos();
	}

	/**
	 * Start watching the calls made through a breaker; the watch stops once it is no
	 * longer referenced.
	 * @param name the backend's name, for the log
	 * @param breaker the breaker
	 * @return the watch to tell about each call
	 */
	static StallWatch start(String name, CircuitBreaker breaker) {
		Duration threshold = breaker.getCircuitBreakerConfig().getSlowCallDurationThreshold();
		StallWatch watch = new StallWatch(name, breaker, threshold);
		long period = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, watch.thresholdNanos / 5));
		Tick tick = new Tick(watch);
		tick.future = timer().scheduleAtFixedRate(tick, period, period, TimeUnit.NANOSECONDS);
		return watch;
	}

	private static synchronized ScheduledExecutorService timer() {
		if (timer == null) {
			timer = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "cacheobj-circuit-breaker-watch");
				thread.setDaemon(true);
				return thread;
			});
		}
		return timer;
	}

	void callStarted() {
		this.started.increment();
	}

	void callEnded(boolean answered) {
		if (answered) {
			this.answered.increment();
		}
		this.ended.increment();
	}

	/**
	 * Return whether the breaker's last opening was this watch's, and forget it.
	 */
	boolean takeOpened() {
		boolean opened = this.opened;
		this.opened = false;
		return opened;
	}

	void check(long now) {
		long answered = this.answered.sum();
		long ended = this.ended.sum();
		long started = this.started.sum();
		long waiting = started - ended;
		boolean idle = started == this.lastStarted && waiting <= 0;
		this.lastStarted = started;
		if (answered != this.lastAnswered || idle || answered == 0) {
			this.lastAnswered = answered;
			this.quietSince = now;
			return;
		}
		if (now - this.quietSince < this.thresholdNanos) {
			return;
		}
		this.quietSince = now;
		CircuitBreaker.State state = this.breaker.getState();
		if (state == CircuitBreaker.State.CLOSED || state == CircuitBreaker.State.HALF_OPEN) {
			this.opened = true;
			try {
				this.breaker.transitionToOpenState();
			}
			catch (RuntimeException ex) {
				// Another thread moved the breaker meanwhile: its state stands.
				this.opened = false;
				return;
			}
			if (state == CircuitBreaker.State.CLOSED) {
				logger.warn("Backend '" + this.name + "' answered no call for "
						+ Duration.ofNanos(this.thresholdNanos).toMillis()
						+ " ms (the circuit breaker's slow-call duration threshold), " + waiting
						+ " still waiting: its circuit breaker is OPEN and calls fail at once");
			}
			else if (logger.isDebugEnabled()) {
				logger.debug("Backend '" + this.name + "' answered none of its probes: its circuit breaker is OPEN");
			}
		}
	}

	/**
	 * The timer's task, which lets the watch go when nothing else holds it.
	 */
	private static final class Tick implements Runnable {

		private final WeakReference<StallWatch> watch;

		volatile @Nullable ScheduledFuture<?> future;

		Tick(StallWatch watch) {
			this.watch = new WeakReference<>(watch);
		}

		@Override
		public void run() {
			StallWatch watch = this.watch.get();
			if (watch == null) {
				ScheduledFuture<?> future = this.future;
				if (future != null) {
					future.cancel(false);
				}
				return;
			}
			try {
				watch.check(System.nanoTime());
			}
			catch (RuntimeException ex) {
				logger.debug("Cannot check backend '" + watch.name + "' for stalled calls", ex);
			}
		}

	}

}
