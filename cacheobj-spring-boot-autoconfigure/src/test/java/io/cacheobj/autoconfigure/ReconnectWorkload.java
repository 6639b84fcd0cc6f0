package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
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
import io.cacheobj.autoconfigure.valid.Greeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Four threads that each write increasing numbers to keys of their own and read them and
 * other threads' keys back, through a repository, while a server fails: it records the
 * time of every failed call (which must be a {@link CacheBackendException}), and every
 * read that returned a number older than the last write of that key acknowledged before
 * the read began.
 */
final class ReconnectWorkload implements AutoCloseable {

	static final int THREADS = 4;

	private static final int KEYS_PER_THREAD = 8;

	private final CacheEntityRepository repository;

	private final String prefix;

	private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

	private final List<Future<?>> threads = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();

	private final Queue<Long> failures = new ConcurrentLinkedQueue<>();

	private final Queue<String> staleReads = new ConcurrentLinkedQueue<>();

	private final Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

	private final AtomicLong calls = new AtomicLong();

	private final AtomicLong successes = new AtomicLong();

	private final long started = System.nanoTime();

	private volatile boolean emptied;

	ReconnectWorkload(CacheEntityRepository repository, String prefix) {
		this.repository = repository;
		this.prefix = prefix;
		for (int thread = 0; thread < THREADS; thread++) {
			for (int key = 0; key < KEYS_PER_THREAD; key++) {
				this.acknowledged.put(key(thread, key), new AtomicLong(-1));
			}
		}
		for (int thread = 0; thread < THREADS; thread++) {
			int t = thread;
			this.threads.add(this.executor.submit(() -> run(t)));
		}
	}

	private String key(int thread, int key) {
		return this.prefix + thread + "-" + key;
	}

	private void run(int thread) {
		long sequence = 0;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.running.get()) {
			String own = key(thread, (int) (sequence % KEYS_PER_THREAD));
			String other = key(random.nextInt(THREADS), random.nextInt(KEYS_PER_THREAD));
			long value = sequence++;
			call(() -> {
				this.repository.get(Greeting.class, own).text().set(Long.toString(value));
				this.acknowledged.get(own).set(value);
			});
			call(() -> check(own));
			call(() -> check(other));
		}
	}

	private void call(Runnable call) {
		this.calls.incrementAndGet();
		try {
			call.run();
			this.successes.incrementAndGet();
		}
		catch (CacheBackendException ex) {
			this.failures.add(System.nanoTime());
		}
		catch (RuntimeException | Error ex) {
			this.unexpected.add(ex);
		}
	}

	private void check(String id) {
		long floor = this.acknowledged.get(id).get();
		String read = this.repository.get(Greeting.class, id).text().get();
		if (read == null) {
			if (floor >= 0 && !this.emptied) {
				this.staleReads.add(id + ": null after " + floor);
			}
			return;
		}
		long value = Long.parseLong(read);
		if (value < floor) {
			this.staleReads.add(id + ": " + value + " after " + floor);
		}
	}

	/**
	 * Say that the server lost its data: a key read as absent is no longer stale.
	 */
	void emptied() {
		this.emptied = true;
	}

	void awaitProgress() {
		long before = this.successes.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.successes.get() > before + 200);
	}

	long calls() {
		return this.calls.get();
	}

	/**
	 * Return the calls per second since the workload started.
	 */
	long rate() {
		return this.calls.get() * 1_000_000_000L / Math.max(1, System.nanoTime() - this.started);
	}

	/**
	 * Return how many calls failed after an instant.
	 * @param nanos the instant, as {@link System#nanoTime()} gives it
	 */
	long failuresAfter(long nanos) {
		return this.failures.stream().filter((at) -> at - nanos > 0).count();
	}

	/**
	 * Return how long after an instant the last call failed, or {@link Duration#ZERO}.
	 * @param nanos the instant, as {@link System#nanoTime()} gives it
	 */
	Duration lastFailureAfter(long nanos) {
		return this.failures.stream()
			.filter((at) -> at - nanos > 0)
			.map((at) -> Duration.ofNanos(at - nanos))
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	long failures() {
		return this.failures.size();
	}

	/**
	 * Write a value to a key of the test's own and wait until a read returns it.
	 * @return how long after {@code since} the value was first read back
	 */
	Duration writeAndAwaitRead(String id, String value, long since) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).ignoreExceptions().until(() -> {
			this.repository.get(Greeting.class, id).text().set(value);
			return true;
		});
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(1))
			.ignoreExceptions()
			.until(() -> value.equals(this.repository.get(Greeting.class, id).text().get()));
		return Duration.ofNanos(System.nanoTime() - since);
	}

	void assertConsistent() {
		assertThat(this.unexpected).isEmpty();
		assertThat(this.staleReads).isEmpty();
	}

	@Override
	public void close() throws Exception {
		this.running.set(false);
		for (Future<?> thread : this.threads) {
			thread.get(30, TimeUnit.SECONDS);
		}
		this.executor.shutdownNow();
	}

}
