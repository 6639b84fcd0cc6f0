package io.cacheobj.backend.redis;

import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The one daemon thread of a {@link RedisTrackingSource}, started with it: it runs the
 * source's tick at a fixed delay, and whatever else the source hands it.
 */
final class TrackingThread {

	private final ScheduledThreadPoolExecutor executor;

	private volatile @Nullable Thread thread;

	/**
	 * Start the thread.
	 * @param name the thread's name
	 * @param tick what it runs at once, then at a fixed delay
	 * @param tickMillis the delay in milliseconds
	 */
	TrackingThread(String name, Runnable tick, long tickMillis) {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			this.thread = thread;
			return thread;
		});
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor.scheduleWithFixedDelay(tick, 0, tickMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Return whether the caller runs on this thread.
	 */
	boolean isCurrent() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Run a task on the thread.
	 * @param task the task
	 * @return its future
	 * @throws RejectedExecutionException when the thread is stopped
	 */
	Future<?> submit(Runnable task) {
		return this.executor.submit(task);
	}

	/**
	 * Run a task on the thread soon, unless it is stopped.
	 * @param task the task
	 */
	void execute(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing to reconnect.
		}
	}

	/**
	 * Stop the thread, interrupting what it runs.
	 */
	void stop() {
		this.executor.shutdownNow();
	}

	/**
	 * Wait until the thread, stopped, ends; interrupted, restore the interrupt.
	 * @param timeoutMillis how long to wait
	 */
	void awaitStop(long timeoutMillis) {
		try {
			this.executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
