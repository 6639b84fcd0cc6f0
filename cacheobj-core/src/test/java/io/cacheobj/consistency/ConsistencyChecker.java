package io.cacheobj.consistency;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import io.cacheobj.consistency.Operation.Type;
import org.jspecify.annotations.Nullable;

/**
 * Checks a {@link History} of single-key registers against what docs/near-cache.md
 * promises of a near cache, flagging only what is certainly wrong.
 * <p>
 * Each key lives on one master, which applies its writes one at a time, so a write
 * {@code w1} certainly took effect before {@code w2} when {@code w1} returned before
 * {@code w2} was invoked. A write that failed or whose outcome is unknown may have taken
 * effect at any time after it was invoked, or never. Every value written is unique, so a
 * value read names the write that stored it; only an absent value may have several (the
 * state before the run, a delete, a server restarted empty). A read is wrong when every
 * write that could have stored its value breaks one of these rules:
 * <ul>
 * <li><b>no invented value</b>: the value was written by someone, or is the key's value
 * before the run (absent when the history does not say);</li>
 * <li><b>no value from the future</b>: its write was invoked before the read
 * returned;</li>
 * <li><b>read-your-writes</b>: the value is not older than the last write of the reading
 * client (application context) that returned before the read was invoked, that is, its
 * write did not return before that write was invoked;</li>
 * <li><b>bounded staleness</b>: the value was the key's value on the server at some
 * instant within {@code [invoke - bound, return]} of the read: no write that certainly
 * followed it had returned before {@code invoke - bound}.</li>
 * </ul>
 * A final read (after the writers stopped and notices settled) must also return the key's
 * value on the server: <b>convergence</b>.
 * <p>
 * The staleness a read needed is the least, over the writes that could have stored its
 * value, of the time from the first return of a write certainly following that write to
 * the read's invocation; the report gives the largest over the history.
 */
final class ConsistencyChecker {

	private static final int REPORTED_VIOLATIONS = 40;

	private final Duration bound;

	/**
	 * Create a checker.
	 * @param bound how stale a value may be read: the notice delay bound (for Redis, the
	 * near cache's lease), or a ttl-only near cache's {@code ttl}
	 */
	ConsistencyChecker(Duration bound) {
		this.bound = bound;
	}

	/**
	 * Check a history.
	 * @param history the history, complete
	 * @return what was checked and every violation found
	 */
	Report check(History history) {
		List<Operation> operations = history.operations();
		Map<String, KeyWrites> writes = new HashMap<>();
		for (Operation operation : operations) {
			if (!operation.isRead()) {
				writes.computeIfAbsent(operation.key(), KeyWrites::new).add(operation);
			}
		}
		writes.values().forEach(KeyWrites::prepare);
		Map<String, Optional<String>> serverValues = history.serverValues();
		long boundNanos = this.bound.toNanos();
		Counts counts = new Counts();
		List<Violation> violations = new ArrayList<>();
		for (Operation operation : operations) {
			if (!operation.isRead()) {
				counts.write(operation);
				continue;
			}
			counts.client(operation);
			if (!operation.acknowledged()) {
				counts.failed++;
				if (operation.type() == Type.FINAL_READ) {
					violations.add(new Violation(Rule.CONVERGENCE, operation,
							"a read after the writers stopped and notices settled failed"));
				}
				continue;
			}
			counts.reads++;
			KeyWrites keyWrites = writes.computeIfAbsent(operation.key(), (key) -> new KeyWrites(key).prepare());
			Verdict verdict = keyWrites.judge(operation, boundNanos, history.origin());
			if (verdict.staleness > counts.maxStaleness) {
				counts.maxStaleness = verdict.staleness;
				counts.stalest = operation;
			}
			if (verdict.violation != null) {
				violations.add(verdict.violation);
			}
			if (operation.type() == Type.FINAL_READ && serverValues.containsKey(operation.key())) {
				String server = serverValues.get(operation.key()).orElse(null);
				if (!Objects.equals(server, operation.value())) {
					violations.add(new Violation(Rule.CONVERGENCE, operation, "after the writers stopped and "
							+ "notices settled the server holds " + Operation.quoted(server)));
				}
			}
		}
		return new Report(history.scenario(), history.origin(), this.bound, counts.reads, counts.writes, counts.failed,
				List.copyOf(violations), counts.maxStaleness, counts.stalest, counts.clients());
	}

	/**
	 * The rules a read can break.
	 */
	enum Rule {

		/** The value was never written. */
		INVENTED_VALUE,

		/** The value's write was invoked after the read returned. */
		FUTURE_VALUE,

		/** The value is older than the reading client's own acknowledged write. */
		READ_YOUR_WRITES,

		/** The value had been replaced on the server longer than the bound before. */
		STALE_READ,

		/** After the run, the client does not read the server's value. */
		CONVERGENCE

	}

	/**
	 * A read that breaks a rule.
	 *
	 * @param rule the rule
	 * @param read the read
	 * @param why what makes it certain
	 */
	record Violation(Rule rule, Operation read, String why) {

		String describe(long origin) {
			return this.rule + ": " + this.read.describe(origin) + ": " + this.why;
		}

	}

	/**
	 * What a check found.
	 *
	 * @param scenario the history's scenario
	 * @param origin the time the history's times count from
	 * @param bound the staleness bound checked
	 * @param reads the successful reads checked
	 * @param writes the acknowledged writes
	 * @param failed the operations that failed or whose outcome is unknown
	 * @param violations every violation
	 * @param maxStalenessNanos the largest staleness a read needed
	 * @param stalest the read that needed it, {@code null} when none needed any
	 * @param byClient per client, how many of its operations succeeded and failed
	 */
	record Report(String scenario, long origin, Duration bound, long reads, long writes, long failed,
			List<Violation> violations, long maxStalenessNanos, @Nullable Operation stalest,
			Map<String, String> byClient) {

		/**
		 * Return how many operations were checked: successful reads and acknowledged
		 * writes.
		 * @return the count
		 */
		long checked() {
			return this.reads + this.writes;
		}

		List<Violation> violations(Rule rule) {
			return this.violations.stream().filter((violation) -> violation.rule() == rule).toList();
		}

		/**
		 * Return one line of figures.
		 * @return the summary
		 */
		String summary() {
			return String.format(Locale.ROOT,
					"%s: checked %d operations (%d reads, %d writes; %d failed or unknown), %d violations, "
							+ "max staleness %s ms (bound %d ms)",
					this.scenario, checked(), this.reads, this.writes, this.failed, this.violations.size(),
					Operation.millis(this.maxStalenessNanos), this.bound.toMillis());
		}

		@Override
		public String toString() {
			StringBuilder report = new StringBuilder(summary());
			report.append("\n  by client: ").append(this.byClient);
			if (this.stalest != null) {
				report.append("\n  stalest read: ").append(this.stalest.describe(this.origin));
			}
			Map<Rule, Long> byRule = new LinkedHashMap<>();
			this.violations.forEach((violation) -> byRule.merge(violation.rule(), 1L, Long::sum));
			if (!byRule.isEmpty()) {
				report.append("\n  violations by rule: ").append(byRule);
			}
			this.violations.stream()
				.limit(REPORTED_VIOLATIONS)
				.forEach((violation) -> report.append("\n  ").append(violation.describe(this.origin)));
			if (this.violations.size() > REPORTED_VIOLATIONS) {
				report.append("\n  ... and ").append(this.violations.size() - REPORTED_VIOLATIONS).append(" more");
			}
			return report.toString();
		}

	}

	private static final class Counts {

		long reads;

		long writes;

		long failed;

		long maxStaleness;

		@Nullable Operation stalest;

		private final Map<String, long[]> byClient = new TreeMap<>();

		void client(Operation operation) {
			this.byClient.computeIfAbsent(operation.process(), (process) -> new long[2])[operation.acknowledged() ? 0
					: 1]++;
		}

		Map<String, String> clients() {
			Map<String, String> clients = new LinkedHashMap<>();
			this.byClient.forEach((client, counts) -> clients.put(client, counts[0] + " ok, " + counts[1] + " failed"));
			return clients;
		}

		void write(Operation operation) {
			if (operation.invoke() == Operation.BEFORE_RUN || "server".equals(operation.process())) {
				return;
			}
			client(operation);
			if (operation.acknowledged()) {
				this.writes++;
			}
			else {
				this.failed++;
			}
		}

	}

	/**
	 * What a read is judged: the staleness it needed and its violation, if any.
	 */
	private record Verdict(long staleness, @Nullable Violation violation) {

	}

	/**
	 * The writes of one key, indexed for the rules.
	 */
	private static final class KeyWrites {

		private final String key;

		private final List<Operation> writes = new ArrayList<>();

		private final Map<String, List<Operation>> byValue = new HashMap<>();

		private final Map<String, OwnWrites> byProcess = new HashMap<>();

		/** The writes by invocation, with the earliest return of each suffix. */
		private long[] invokes = new long[0];

		private long[] earliestReturnFrom = new long[0];

		private Operation[] earliestReturningFrom = new Operation[0];

		KeyWrites(String key) {
			this.key = key;
		}

		void add(Operation write) {
			this.writes.add(write);
		}

		KeyWrites prepare() {
			if (this.writes.stream().noneMatch((write) -> write.invoke() == Operation.BEFORE_RUN)) {
				this.writes.add(new Operation("initial", "-", Type.WRITE, this.key, null, "initial (assumed absent)",
						Operation.BEFORE_RUN, Operation.BEFORE_RUN, Operation.Outcome.OK, ""));
			}
			this.writes.sort(Comparator.comparingLong(Operation::invoke));
			int count = this.writes.size();
			this.invokes = new long[count];
			this.earliestReturnFrom = new long[count + 1];
			this.earliestReturningFrom = new Operation[count + 1];
			this.earliestReturnFrom[count] = Long.MAX_VALUE;
			for (int i = count - 1; i >= 0; i--) {
				Operation write = this.writes.get(i);
				this.invokes[i] = write.invoke();
				boolean earlier = write.effectiveBy() < this.earliestReturnFrom[i + 1];
				this.earliestReturnFrom[i] = earlier ? write.effectiveBy() : this.earliestReturnFrom[i + 1];
				this.earliestReturningFrom[i] = earlier ? write : this.earliestReturningFrom[i + 1];
			}
			for (Operation write : this.writes) {
				this.byValue.computeIfAbsent(write.value(), (value) -> new ArrayList<>()).add(write);
				if (write.acknowledged()) {
					this.byProcess.computeIfAbsent(write.process(), (process) -> new OwnWrites()).add(write);
				}
			}
			this.byProcess.values().forEach(OwnWrites::prepare);
			return this;
		}

		Verdict judge(Operation read, long boundNanos, long origin) {
			List<Operation> candidates = this.byValue.getOrDefault(read.value(), List.of());
			if (candidates.isEmpty()) {
				return new Verdict(0, new Violation(Rule.INVENTED_VALUE, read, "nobody wrote this value"));
			}
			OwnWrites own = this.byProcess.get(read.process());
			Operation lastOwn = (own != null) ? own.latestInvokedReturnedBefore(read.invoke()) : null;
			long leastStaleness = Long.MAX_VALUE;
			Violation first = null;
			for (Operation candidate : candidates) {
				if (candidate.invoke() > read.complete()) {
					first = (first != null) ? first : new Violation(Rule.FUTURE_VALUE, read,
							"its write was invoked after the read returned: " + candidate.describe(origin));
					continue;
				}
				int next = firstInvokedAfter(candidate.effectiveBy());
				long replacedBy = this.earliestReturnFrom[next];
				long staleness = (replacedBy == Long.MAX_VALUE) ? 0 : Math.max(0, read.invoke() - replacedBy);
				leastStaleness = Math.min(leastStaleness, staleness);
				if (lastOwn != null && candidate.effectiveBy() < lastOwn.invoke()) {
					first = (first != null && first.rule() != Rule.FUTURE_VALUE) ? first
							: new Violation(Rule.READ_YOUR_WRITES, read,
									"older than this client's own " + lastOwn.describe(origin)
											+ ", invoked after the value's " + candidate.describe(origin)
											+ " returned");
					continue;
				}
				if (staleness > boundNanos) {
					first = (first != null && first.rule() != Rule.FUTURE_VALUE) ? first
							: new Violation(Rule.STALE_READ, read,
									String.format(Locale.ROOT, "%s ms stale: the value of %s was replaced by %s",
											Operation.millis(staleness), candidate.describe(origin),
											this.earliestReturningFrom[next].describe(origin)));
					continue;
				}
				return new Verdict(staleness, null);
			}
			return new Verdict((leastStaleness == Long.MAX_VALUE) ? 0 : leastStaleness, first);
		}

		/** Return the index of the first write invoked after a time, or the count. */
		private int firstInvokedAfter(long time) {
			if (time == Long.MAX_VALUE) {
				return this.invokes.length;
			}
			int index = Arrays.binarySearch(this.invokes, time + 1);
			if (index < 0) {
				return -index - 1;
			}
			while (index > 0 && this.invokes[index - 1] > time) {
				index--;
			}
			return index;
		}

	}

	/**
	 * The acknowledged writes of one client on one key, by return, with the latest
	 * invocation of each prefix.
	 */
	private static final class OwnWrites {

		private final List<Operation> writes = new ArrayList<>();

		private long[] completes = new long[0];

		private Operation[] latestInvokedUpTo = new Operation[0];

		void add(Operation write) {
			this.writes.add(write);
		}

		void prepare() {
			this.writes.sort(Comparator.comparingLong(Operation::complete));
			this.completes = new long[this.writes.size()];
			this.latestInvokedUpTo = new Operation[this.writes.size()];
			Operation latest = null;
			for (int i = 0; i < this.writes.size(); i++) {
				Operation write = this.writes.get(i);
				this.completes[i] = write.complete();
				if (latest == null || write.invoke() > latest.invoke()) {
					latest = write;
				}
				this.latestInvokedUpTo[i] = latest;
			}
		}

		@Nullable Operation latestInvokedReturnedBefore(long time) {
			int index = Arrays.binarySearch(this.completes, time);
			int insertion = (index < 0) ? -index - 1 : index;
			while (insertion > 0 && this.completes[insertion - 1] >= time) {
				insertion--;
			}
			return (insertion > 0) ? this.latestInvokedUpTo[insertion - 1] : null;
		}

	}

}
