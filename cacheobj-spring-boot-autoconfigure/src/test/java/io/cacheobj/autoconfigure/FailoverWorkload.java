package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.failover.Item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two threads that write items with fresh ids and read them back, and read older ones,
 * through a repository while a server fails: it records every acknowledged write, every
 * failure (which must be a {@link CacheBackendException}) and every wrong value read.
 */
final class FailoverWorkload implements AutoCloseable {

	private final CacheEntityRepository repository;

	private final ExecutorService executor = Executors.newFixedThreadPool(2);

	private final List<Future<?>> threads = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final List<String> acknowledgedIds = new ArrayList<>();

	private final Queue<String> wrongValues = new ConcurrentLinkedQueue<>();

	private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

	private final AtomicLong failures = new AtomicLong();

	private final AtomicLong lastFailure = new AtomicLong();

	private final AtomicLong lastSuccess = new AtomicLong();

	private final AtomicLong successes = new AtomicLong();

	FailoverWorkload(CacheEntityRepository repository, String prefix) {
		this.repository = repository;
		for (int thread = 0; thread < 2; thread++) {
			String name = prefix + thread + "-";
			this.threads.add(this.executor.submit(() -> run(name)));
		}
	}

	private void run(String name) {
		long sequence = 0;
		while (this.running.get()) {
			String id = name + (sequence++);
			try {
				this.repository.get(Item.class, id).value().set(Item.valueOf(id));
				String older;
				synchronized (this.acknowledgedIds) {
					this.acknowledgedIds.add(id);
					older = this.acknowledgedIds.get(ThreadLocalRandom.current().nextInt(this.acknowledgedIds.size()));
				}
				check(id, this.repository.get(Item.class, id).value().get());
				check(older, this.repository.get(Item.class, older).value().get());
				this.successes.incrementAndGet();
				this.lastSuccess.set(System.nanoTime());
			}
			catch (CacheBackendException ex) {
				this.failures.incrementAndGet();
				this.lastFailure.set(System.nanoTime());
				Thread.onSpinWait();
			}
			catch (Throwable ex) {
				this.unexpected.add(ex);
			}
		}
	}

	private void check(String id, String value) {
		if (value != null && !value.equals(Item.valueOf(id))) {
			this.wrongValues.add(id + "=" + value);
		}
	}

	/**
	 * Wait until the workload has made some progress.
	 */
	void awaitProgress() {
		long from = this.successes.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.successes.get() >= from + 100);
	}

	/**
	 * Return the ids whose writes were acknowledged so far.
	 * @return the ids
	 */
	List<String> acknowledgedIds() {
		synchronized (this.acknowledgedIds) {
			return List.copyOf(this.acknowledgedIds);
		}
	}

	/**
	 * Wait until every call has succeeded for a while, at most {@code atMost}.
	 * @param since when the failure began ({@link System#nanoTime()})
	 * @param atMost the longest to wait
	 * @return the time from {@code since} to the end of the last failure, zero when none
	 * failed
	 */
	Duration awaitRecovery(long since, Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
			long now = System.nanoTime();
			return this.lastSuccess.get() > this.lastFailure.get()
					&& now - Math.max(this.lastFailure.get(), since) > Duration.ofSeconds(2).toNanos()
					&& this.lastSuccess.get() > now - Duration.ofMillis(500).toNanos();
		});
		long last = this.lastFailure.get();
		return (last > since) ? Duration.ofNanos(last - since) : Duration.ZERO;
	}

	long failures() {
		return this.failures.get();
	}

	long successes() {
		return this.successes.get();
	}

	@Override
	public void close() {
		stop(this.running, this.executor);
		assertThat(this.unexpected).isEmpty();
		assertThat(this.wrongValues).as("wrong values read").isEmpty();
	}

	/**
	 * Stop a background workload: clear its running flag and wait for its threads to end.
	 * @param running the flag its threads loop on
	 * @param executor the executor running them
	 */
	static void stop(AtomicBoolean running, ExecutorService executor) {
		running.set(false);
		executor.shutdown();
		try {
			assertThat(executor.awaitTermination(20, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
