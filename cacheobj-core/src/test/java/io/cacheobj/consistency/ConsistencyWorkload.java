package io.cacheobj.consistency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.consistency.History.Recorder;
import io.cacheobj.consistency.Operation.Outcome;
import io.cacheobj.consistency.Operation.Type;
import org.jspecify.annotations.Nullable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reader and writer threads in several application contexts, plus raw clients writing the
 * same keys, that record every operation in a {@link History}.
 * <p>
 * Each context runs two writers, which read the key back after writing it (one writes
 * through a fresh object and reads through the object it holds, the other writes through
 * the held object or {@code setAsync} and reads through a fresh one), and three readers:
 * through objects held across reads, through fresh objects ({@code get()} and
 * {@code getAsync()} in turn), and through {@code load} and {@code loadAll}. One raw
 * client writes steadily; others (a command-line client, Python) write now and then.
 * Every value written is unique: {@code <thread>-<sequence>}.
 */
final class ConsistencyWorkload implements AutoCloseable {

	private static final long READER_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(300);

	private static final long WRITER_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private static final long OCCASIONAL_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

	private final History history;

	private final List<String> ids;

	private final List<Client> clients;

	private final RawWriter steady;

	private final List<RawWriter> occasional;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final ReentrantReadWriteLock writes = new ReentrantReadWriteLock();

	private final Map<String, Map<String, Register>> heldByClient = new ConcurrentHashMap<>();

	private final AtomicLong operations = new AtomicLong();

	private final Queue<String> unexpected = new ConcurrentLinkedQueue<>();

	/**
	 * Prepare a workload.
	 * @param history where operations are recorded
	 * @param ids the registers' ids, few, so that every key is contended
	 * @param clients the application contexts
	 * @param steady the raw client that writes all the time
	 * @param occasional the raw clients that write now and then, in turn
	 */
	ConsistencyWorkload(History history, List<String> ids, List<Client> clients, RawWriter steady,
			List<RawWriter> occasional) {
		this.history = history;
		this.ids = ids;
		this.clients = clients;
		this.steady = steady;
		this.occasional = occasional;
	}

	/**
	 * Return the history the workload records.
	 * @return the history
	 */
	History history() {
		return this.history;
	}

	/**
	 * Start every thread.
	 */
	void start() {
		for (Client client : this.clients) {
			String name = client.name();
			CacheEntityRepository repository = client.repository();
			Map<String, Register> held = new ConcurrentHashMap<>();
			this.heldByClient.put(name, held);
			thread(name, name + "-w0", (recorder) -> writeFreshReadHeld(recorder, repository));
			thread(name, name + "-w1", (recorder) -> writeHeldReadFresh(recorder, repository));
			thread(name, name + "-held", (recorder) -> readHeld(recorder, repository, held));
			thread(name, name + "-fresh", (recorder) -> readFresh(recorder, repository));
			thread(name, name + "-load", (recorder) -> readLoaded(recorder, repository));
		}
		thread(this.steady.name(), this.steady.name() + "-0", (recorder) -> {
			long sequence = 0;
			while (this.running.get()) {
				String value = this.steady.name() + "-" + (sequence++);
				write(recorder, randomId(), value, this.steady.name(), this.steady::set, false);
				LockSupport.parkNanos(WRITER_PAUSE_NANOS);
			}
		});
		if (!this.occasional.isEmpty()) {
			thread("occasional", "occasional", (unused) -> {
				Map<String, Recorder> recorders = new LinkedHashMap<>();
				long sequence = 0;
				while (this.running.get()) {
					RawWriter writer = this.occasional.get((int) (sequence % this.occasional.size()));
					Recorder recorder = recorders.computeIfAbsent(writer.name(),
							(name) -> this.history.recorder(name, name + "-0"));
					write(recorder, randomId(), writer.name() + "-" + (sequence++), writer.name(), writer::set, false);
					LockSupport.parkNanos(OCCASIONAL_PAUSE_NANOS);
				}
			});
		}
		this.threads.forEach(Thread::start);
	}

	private void writeFreshReadHeld(Recorder recorder, CacheEntityRepository repository) {
		Map<String, Register> held = new LinkedHashMap<>();
		long sequence = 0;
		while (this.running.get()) {
			String id = randomId();
			String value = recorder.process() + "-w0-" + (sequence++);
			write(recorder, id, value, "fresh",
					(key, written) -> repository.get(Register.class, id).value().set(written), true);
			Register mine = held.computeIfAbsent(id, (key) -> repository.get(Register.class, key));
			read(recorder, id, "held", () -> mine.value().get());
			LockSupport.parkNanos(WRITER_PAUSE_NANOS);
		}
	}

	private void writeHeldReadFresh(Recorder recorder, CacheEntityRepository repository) {
		Map<String, Register> held = new LinkedHashMap<>();
		long sequence = 0;
		while (this.running.get()) {
			String id = randomId();
			Register mine = held.computeIfAbsent(id, (key) -> repository.get(Register.class, key));
			String value = recorder.process() + "-w1-" + sequence;
			if (sequence++ % 2 == 0) {
				write(recorder, id, value, "held", (key, written) -> mine.value().set(written), true);
			}
			else {
				write(recorder, id, value, "setAsync",
						(key, written) -> repository.get(Register.class, id).value().setAsync(written).get(), true);
			}
			read(recorder, id, "fresh", () -> repository.get(Register.class, id).value().get());
			LockSupport.parkNanos(WRITER_PAUSE_NANOS);
		}
	}

	private void readHeld(Recorder recorder, CacheEntityRepository repository, Map<String, Register> held) {
		while (this.running.get()) {
			String id = randomId();
			Register register = held.computeIfAbsent(id, (key) -> repository.get(Register.class, key));
			read(recorder, id, "held", () -> register.value().get());
			LockSupport.parkNanos(READER_PAUSE_NANOS);
		}
	}

	private void readFresh(Recorder recorder, CacheEntityRepository repository) {
		long sequence = 0;
		while (this.running.get()) {
			String id = randomId();
			if (sequence++ % 2 == 0) {
				read(recorder, id, "fresh", () -> repository.get(Register.class, id).value().get());
			}
			else {
				read(recorder, id, "getAsync", () -> repository.get(Register.class, id).value().getAsync().get());
			}
			LockSupport.parkNanos(READER_PAUSE_NANOS);
		}
	}

	private void readLoaded(Recorder recorder, CacheEntityRepository repository) {
		long sequence = 0;
		while (this.running.get()) {
			if (sequence++ % 2 == 0) {
				String id = randomId();
				read(recorder, id, "load", () -> repository.load(Register.class, id).value().getCached());
			}
			else {
				int from = ThreadLocalRandom.current().nextInt(this.ids.size());
				List<String> some = new ArrayList<>(this.ids.subList(from, this.ids.size()));
				some.addAll(this.ids.subList(0, Math.min(from, 2)));
				readAll(recorder, repository, some, "loadAll", Type.READ);
			}
			LockSupport.parkNanos(READER_PAUSE_NANOS);
		}
	}

	private void write(Recorder recorder, String id, String value, String via, Write write, boolean application) {
		String key = Register.keyOf(id);
		this.writes.readLock().lock();
		try {
			long invoke = System.nanoTime();
			try {
				write.write(key, value);
				recorder.write(key, value, via, invoke, System.nanoTime(), Outcome.OK, "");
			}
			catch (Exception ex) {
				recorder.write(key, value, via, invoke, System.nanoTime(), Outcome.FAILED, failure(ex, application));
			}
		}
		finally {
			this.writes.readLock().unlock();
		}
		this.operations.incrementAndGet();
	}

	private void read(Recorder recorder, String id, String via, Read read) {
		read(recorder, Type.READ, id, via, read);
	}

	private void read(Recorder recorder, Type type, String id, String via, Read read) {
		String key = Register.keyOf(id);
		long invoke = System.nanoTime();
		try {
			String value = read.read();
			recorder.record(type, key, value, via, invoke, System.nanoTime(), Outcome.OK, "");
		}
		catch (Exception ex) {
			recorder.record(type, key, null, via, invoke, System.nanoTime(), Outcome.FAILED, failure(ex, true));
		}
		this.operations.incrementAndGet();
	}

	private void readAll(Recorder recorder, CacheEntityRepository repository, List<String> some, String via,
			Type type) {
		long invoke = System.nanoTime();
		try {
			List<Register> loaded = repository.loadAll(Register.class, some);
			long complete = System.nanoTime();
			for (Register register : loaded) {
				recorder.record(type, Register.keyOf(register.id()), register.value().getCached(), via, invoke,
						complete, Outcome.OK, "");
			}
		}
		catch (Exception ex) {
			long complete = System.nanoTime();
			String failure = failure(ex, true);
			for (String id : some) {
				recorder.record(type, Register.keyOf(id), null, via, invoke, complete, Outcome.FAILED, failure);
			}
		}
		this.operations.addAndGet(some.size());
	}

	/**
	 * Describe a failure, and remember it as unexpected when an application's call threw
	 * anything but a {@link CacheBackendException}.
	 */
	private String failure(Exception ex, boolean application) {
		Throwable cause = ex;
		while ((cause instanceof ExecutionException || cause instanceof CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (application && !(cause instanceof CacheBackendException)) {
			this.unexpected.add(String.valueOf(cause));
		}
		return cause.getClass().getSimpleName();
	}

	/**
	 * Hold every write (and wait for those under way) until {@link #resumeWrites()}.
	 */
	void pauseWrites() {
		this.writes.writeLock().lock();
	}

	/**
	 * Let writes go on; called by the thread that paused them.
	 */
	void resumeWrites() {
		this.writes.writeLock().unlock();
	}

	/**
	 * Return how many operations have been done so far.
	 * @return the count
	 */
	long operations() {
		return this.operations.get();
	}

	/**
	 * Stop every thread and wait for them.
	 */
	void stop() {
		this.running.set(false);
		for (Thread thread : this.threads) {
			try {
				thread.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			assertThat(thread.isAlive()).as(thread.getName() + " still running").isFalse();
		}
	}

	/**
	 * After {@link #stop()}: wait for notices to settle, then read every key in every
	 * context in every way, and record those final reads with the server's values. A
	 * round during which the server's values changed (a write a client had given up on
	 * arriving late) is discarded and tried again.
	 * @param server reads a key's value on the server, bypassing every context
	 * @param settle how long to wait before reading
	 */
	void converge(Function<String, @Nullable String> server, Duration settle) {
		for (int attempt = 0; attempt < 3; attempt++) {
			LockSupport.parkNanos(settle.toNanos());
			Map<String, @Nullable String> before = serverValues(server);
			History round = new History(this.history.scenario(), this.history.origin());
			for (Client client : this.clients) {
				Recorder recorder = round.recorder(client.name(), client.name() + "-final");
				CacheEntityRepository repository = client.repository();
				Map<String, Register> held = this.heldByClient.get(client.name());
				for (String id : this.ids) {
					Register register = held.computeIfAbsent(id, (key) -> repository.get(Register.class, key));
					read(recorder, Type.FINAL_READ, id, "held", () -> register.value().get());
					read(recorder, Type.FINAL_READ, id, "fresh",
							() -> repository.get(Register.class, id).value().get());
					read(recorder, Type.FINAL_READ, id, "getAsync",
							() -> repository.get(Register.class, id).value().getAsync().get());
					read(recorder, Type.FINAL_READ, id, "load",
							() -> repository.load(Register.class, id).value().getCached());
				}
				readAll(recorder, repository, this.ids, "loadAll", Type.FINAL_READ);
			}
			if (before.equals(serverValues(server))) {
				before.forEach(this.history::serverValue);
				round.operations().forEach(this.history::add);
				return;
			}
		}
		throw new IllegalStateException("The server's values kept changing after the writers stopped");
	}

	private Map<String, @Nullable String> serverValues(Function<String, @Nullable String> server) {
		Map<String, @Nullable String> values = new LinkedHashMap<>();
		for (String id : this.ids) {
			String key = Register.keyOf(id);
			values.put(key, server.apply(key));
		}
		return values;
	}

	/**
	 * Return what application calls threw that is not a {@link CacheBackendException}.
	 * @return the failures
	 */
	List<String> unexpected() {
		return List.copyOf(this.unexpected);
	}

	private String randomId() {
		return this.ids.get(ThreadLocalRandom.current().nextInt(this.ids.size()));
	}

	private void thread(String process, String name, Body body) {
		Recorder recorder = this.history.recorder(process, name);
		Thread thread = new Thread(() -> body.run(recorder), name);
		thread.setDaemon(true);
		this.threads.add(thread);
	}

	@Override
	public void close() {
		if (this.running.get()) {
			stop();
		}
	}

	/**
	 * An application context taking part.
	 *
	 * @param name its name in the history
	 * @param repository its repository
	 */
	record Client(String name, CacheEntityRepository repository) {

	}

	/**
	 * A raw client that writes a key, bypassing every context.
	 *
	 * @param name its name in the history
	 * @param write how it writes
	 */
	record RawWriter(String name, Write write) {

		void set(String key, String value) throws Exception {
			this.write.write(key, value);
		}

	}

	/**
	 * Writes a value.
	 */
	@FunctionalInterface
	interface Write {

		void write(String key, String value) throws Exception;

	}

	/**
	 * Reads a value.
	 */
	@FunctionalInterface
	private interface Read {

		@Nullable String read() throws Exception;

	}

	/**
	 * What a thread does with its recorder.
	 */
	@FunctionalInterface
	private interface Body {

		void run(Recorder recorder);

	}

}
