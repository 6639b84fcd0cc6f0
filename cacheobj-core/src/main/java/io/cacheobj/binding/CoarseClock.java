package io.cacheobj.binding;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

/**
 * The near cache's clock on its hit path: reading it costs a volatile read, where
 * {@link System#nanoTime()} costs about twice a whole Caffeine lookup. One daemon thread
 * advances it every {@link #GRANULARITY} while a near cache uses it.
 * <p>
 * It lags the system clock by up to {@link #LAG} (its period, and as much again for a
 * late wake-up), so a near cache that checks expiry against it dates each copy that much
 * earlier than it really is: a copy expires up to {@code LAG} before its time to live,
 * and never after it while the clock thread keeps its pace.
 */
final class CoarseClock {

	/** How often the clock advances. */
	static final long GRANULARITY = TimeUnit.MILLISECONDS.toNanos(10);

	/** The most the clock lags the system clock, waking late included. */
	static final long LAG = 2 * GRANULARITY;

	private static final Object lock = new Object();

	private static int users;

	private static @Nullable Thread thread;

	private static volatile long now = System.nanoTime();

	private CoarseClock() {
	}

	/**
	 * Return the time, up to {@link #LAG} behind {@link System#nanoTime()}.
	 * @return the time in nanoseconds, on the scale of {@code System.nanoTime()}
	 */
	static long now() {
		return now;
	}

	/**
	 * Start the clock, or count one more user of it.
	 */
	static void acquire() {
		synchronized (lock) {
			if (users++ == 0) {
				now = System.nanoTime();
				Thread ticking = new Thread(CoarseClock::tick, "cacheobj-near-cache-clock");
				ticking.setDaemon(true);
				ticking.start();
				thread = ticking;
			}
		}
	}

	/**
	 * Count one user less, and stop the clock when it was the last.
	 */
	static void release() {
		synchronized (lock) {
			if (users > 0 && --users == 0 && thread != null) {
				thread.interrupt();
				thread = null;
			}
		}
	}

	private static void tick() {
		while (!Thread.currentThread().isInterrupted()) {
			now = System.nanoTime();
			LockSupport.parkNanos(GRANULARITY);
		}
	}

}
