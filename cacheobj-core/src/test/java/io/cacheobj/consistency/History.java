package io.cacheobj.consistency;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.cacheobj.consistency.Operation.Outcome;
import io.cacheobj.consistency.Operation.Type;
import org.jspecify.annotations.Nullable;

/**
 * The operations of one concurrent run, recorded by many threads at once, with the keys'
 * values before the run and on the server after it. Every time is a
 * {@link System#nanoTime()} of this JVM, so that all clients share one monotonic clock.
 */
final class History {

	private final String scenario;

	private final long origin;

	private final Queue<List<Operation>> recorded = new ConcurrentLinkedQueue<>();

	private final List<Operation> shared = Collections.synchronizedList(new ArrayList<>());

	private final Map<String, Optional<String>> serverValues = Collections.synchronizedMap(new LinkedHashMap<>());

	/**
	 * Start a history now.
	 * @param scenario what the run does, for the report
	 */
	History(String scenario) {
		this(scenario, System.nanoTime());
	}

	/**
	 * Start a history at a given time, such as {@code 0} for one built by hand.
	 * @param scenario what the run does, for the report
	 * @param origin the time reports count from
	 */
	History(String scenario, long origin) {
		this.scenario = scenario;
		this.origin = origin;
	}

	String scenario() {
		return this.scenario;
	}

	long origin() {
		return this.origin;
	}

	/**
	 * Return a recorder for one thread of one client, which records without contention.
	 * @param process the client, such as an application context's name
	 * @param thread the thread's name
	 * @return the recorder, to be used by that thread only
	 */
	Recorder recorder(String process, String thread) {
		List<Operation> operations = new ArrayList<>();
		this.recorded.add(operations);
		return new Recorder(process, thread, operations);
	}

	/**
	 * Record a key's value before the run.
	 * @param key the key
	 * @param value its value, {@code null} when absent
	 */
	void initial(String key, @Nullable String value) {
		add(new Operation("initial", "-", Type.WRITE, key, value, "initial", Operation.BEFORE_RUN, Operation.BEFORE_RUN,
				Outcome.OK, ""));
	}

	/**
	 * Record that keys were lost, such as by a server that was killed and restarted
	 * empty: a write of absent values somewhere between the kill and the restart.
	 * @param keys the keys
	 * @param invoke when the server was killed
	 * @param complete when it answered again
	 * @param why what happened, for the report
	 */
	void lost(Collection<String> keys, long invoke, long complete, String why) {
		for (String key : keys) {
			add(new Operation("server", "-", Type.WRITE, key, null, why, invoke, complete, Outcome.OK, ""));
		}
	}

	/**
	 * Record an operation.
	 * @param operation the operation
	 */
	void add(Operation operation) {
		this.shared.add(operation);
	}

	/**
	 * Record a key's value on the server after the run, which every final read must
	 * return.
	 * @param key the key
	 * @param value the value, {@code null} when absent
	 */
	void serverValue(String key, @Nullable String value) {
		this.serverValues.put(key, Optional.ofNullable(value));
	}

	/**
	 * Return the keys' values on the server after the run.
	 * @return the values by key, empty when absent
	 */
	Map<String, Optional<String>> serverValues() {
		synchronized (this.serverValues) {
			return new LinkedHashMap<>(this.serverValues);
		}
	}

	/**
	 * Return every operation recorded, in invocation order. Call it once the threads that
	 * record have stopped.
	 * @return the operations
	 */
	List<Operation> operations() {
		List<Operation> all = new ArrayList<>();
		synchronized (this.shared) {
			all.addAll(this.shared);
		}
		this.recorded.forEach(all::addAll);
		all.sort(Comparator.comparingLong(Operation::invoke));
		return all;
	}

	/**
	 * Records the operations of one thread.
	 */
	static final class Recorder {

		private final String process;

		private final String thread;

		private final List<Operation> operations;

		private Recorder(String process, String thread, List<Operation> operations) {
			this.process = process;
			this.thread = thread;
			this.operations = operations;
		}

		String process() {
			return this.process;
		}

		void write(String key, @Nullable String value, String via, long invoke, long complete, Outcome outcome,
				String detail) {
			record(Type.WRITE, key, value, via, invoke, complete, outcome, detail);
		}

		void read(String key, @Nullable String value, String via, long invoke, long complete, Outcome outcome,
				String detail) {
			record(Type.READ, key, value, via, invoke, complete, outcome, detail);
		}

		void record(Type type, String key, @Nullable String value, String via, long invoke, long complete,
				Outcome outcome, String detail) {
			this.operations.add(
					new Operation(this.process, this.thread, type, key, value, via, invoke, complete, outcome, detail));
		}

	}

}
