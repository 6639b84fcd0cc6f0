package io.cacheobj.consistency;

import java.time.Duration;
import java.util.List;

import io.cacheobj.consistency.ConsistencyChecker.Report;
import io.cacheobj.consistency.ConsistencyChecker.Rule;
import io.cacheobj.consistency.ConsistencyChecker.Violation;
import io.cacheobj.consistency.Operation.Outcome;
import io.cacheobj.consistency.Operation.Type;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link ConsistencyChecker} on histories built by hand, with times in
 * milliseconds: it passes a correct history and names the read of each broken rule.
 */
class ConsistencyCheckerTests {

	private static final String KEY = "Register.k0.value";

	private final History history = new History("hand-built", 0);

	private final ConsistencyChecker checker = new ConsistencyChecker(Duration.ofMillis(10));

	@Test
	void correctHistoryOfConcurrentWritersAndReadersPasses() {
		this.history.initial(KEY, "init");
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		read("A", "a-held", KEY, "init", 0.5, 0.8);
		read("A", "a-held", KEY, "A-w0-0", 1.5, 1.6);
		write("lettuce", "raw", KEY, "lettuce-0", 2, 4);
		write("B", "b-w0", KEY, "B-w0-0", 3, 5);
		read("A", "a-fresh", KEY, "A-w0-0", 3.5, 3.6);
		read("A", "a-fresh", KEY, "lettuce-0", 4.5, 4.6);
		read("B", "b-held", KEY, "lettuce-0", 5.5, 5.6);
		read("A", "a-held", KEY, "B-w0-0", 6, 6.1);
		read("A", "a-load", KEY, "A-w0-0", 12, 12.5);
		this.history.serverValue(KEY, "B-w0-0");
		finalRead("A", "a-held", KEY, "B-w0-0", 30, 30.1);
		finalRead("B", "b-held", KEY, "B-w0-0", 30, 30.1);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.reads()).isEqualTo(9);
		assertThat(report.writes()).isEqualTo(3);
		assertThat(report.checked()).isEqualTo(12);
		assertThat(report.byClient()).containsExactly(entry("A", "8 ok, 0 failed"), entry("B", "3 ok, 0 failed"),
				entry("lettuce", "1 ok, 0 failed"));
		assertThat(report.maxStalenessNanos()).isEqualTo(millis(8));
		assertThat(report.stalest()).extracting(Operation::thread, Operation::value)
			.containsExactly("a-load", "A-w0-0");
		assertThat(report.summary())
			.isEqualTo("hand-built: checked 12 operations (9 reads, 3 writes; 0 failed or unknown),"
					+ " 0 violations, max staleness 8.000 ms (bound 10 ms)");
	}

	@Test
	void staleReadIsReportedNamingTheRead() {
		this.history.initial(KEY, "init");
		write("B", "b-w0", KEY, "B-w0-0", 0, 1);
		write("lettuce", "raw", KEY, "lettuce-0", 2, 3);
		read("A", "a-held", KEY, "B-w0-0", 12, 12.5);
		read("A", "a-held", KEY, "B-w0-0", 14, 14.5);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.rule()).isEqualTo(Rule.STALE_READ);
			assertThat(violation.read()).extracting(Operation::process, Operation::thread, Operation::value)
				.containsExactly("A", "a-held", "B-w0-0");
			assertThat(violation.read().invoke()).isEqualTo(millis(14));
			assertThat(violation.describe(0)).isEqualTo("STALE_READ: read of Register.k0.value = 'B-w0-0' by "
					+ "A/a-held via test [14.000, 14.500] ms: 11.000 ms stale: the value of write of "
					+ "Register.k0.value = 'B-w0-0' by B/b-w0 via test [0.000, 1.000] ms was replaced by write of "
					+ "Register.k0.value = 'lettuce-0' by lettuce/raw via test [2.000, 3.000] ms");
		});
		assertThat(report.maxStalenessNanos()).isEqualTo(millis(11));
		assertThat(report.toString()).contains("1 violations").contains("by A/a-held via test [14.000, 14.500] ms");
	}

	@Test
	void readOlderThanTheContextsOwnWriteBreaksReadYourWritesWithinTheStalenessBound() {
		this.history.initial(KEY, "init");
		write("lettuce", "raw", KEY, "lettuce-0", 0, 1);
		write("A", "a-w1", KEY, "A-w1-0", 2, 3);
		read("A", "a-held", KEY, "A-w1-0", 3.5, 3.6);
		read("A", "a-held", KEY, "lettuce-0", 4, 4.1);
		read("B", "b-held", KEY, "lettuce-0", 4, 4.1);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.rule()).isEqualTo(Rule.READ_YOUR_WRITES);
			assertThat(violation.read()).extracting(Operation::process, Operation::thread, Operation::value)
				.containsExactly("A", "a-held", "lettuce-0");
			assertThat(violation.why())
				.startsWith("older than this client's own write of Register.k0.value = " + "'A-w1-0' by A/a-w1");
		});
	}

	@Test
	void initialValueReadAfterTheContextWroteBreaksReadYourWrites() {
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		read("A", "a-fresh", KEY, null, 1.5, 1.6);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).singleElement()
			.extracting(Violation::rule, (violation) -> violation.read().thread())
			.containsExactly(Rule.READ_YOUR_WRITES, "a-fresh");
	}

	@Test
	void valueNobodyWroteIsReportedNamingTheRead() {
		this.history.initial(KEY, "init");
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		read("B", "b-async", KEY, "A-w0-1", 2, 2.5);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.rule()).isEqualTo(Rule.INVENTED_VALUE);
			assertThat(violation.read()).extracting(Operation::thread, Operation::value)
				.containsExactly("b-async", "A-w0-1");
		});
	}

	@Test
	void valueWrittenAfterTheReadReturnedIsReported() {
		this.history.initial(KEY, "init");
		read("B", "b-held", KEY, "A-w0-0", 0, 1);
		write("A", "a-w0", KEY, "A-w0-0", 2, 3);
		assertThat(this.checker.check(this.history).violations()).singleElement()
			.extracting(Violation::rule)
			.isEqualTo(Rule.FUTURE_VALUE);
	}

	@Test
	void historyThatDoesNotConvergeIsReportedNamingTheRead() {
		this.history.initial(KEY, "init");
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		write("lettuce", "raw", KEY, "lettuce-0", 2, 3);
		this.history.serverValue(KEY, "lettuce-0");
		finalRead("A", "a-held", KEY, "lettuce-0", 10, 10.1);
		finalRead("B", "b-load", KEY, "A-w0-0", 10, 10.1);
		this.history.add(new Operation("B", "b-fresh", Type.FINAL_READ, KEY, null, "test", millis(10), millis(10.5),
				Outcome.FAILED, "CacheBackendException"));
		Report report = new ConsistencyChecker(Duration.ofSeconds(1)).check(this.history);
		assertThat(report.violations(Rule.CONVERGENCE)).hasSize(2).satisfiesExactly((violation) -> {
			assertThat(violation.read()).extracting(Operation::thread, Operation::value)
				.containsExactly("b-load", "A-w0-0");
			assertThat(violation.why()).endsWith("the server holds 'lettuce-0'");
		}, (violation) -> assertThat(violation.read().thread()).isEqualTo("b-fresh"));
		assertThat(report.violations()).hasSize(2);
	}

	@Test
	void failedWritesMayHaveTakenEffectAtAnyLaterTimeOrNever() {
		this.history.initial(KEY, "init");
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		this.history.add(new Operation("A", "a-w1", Type.WRITE, KEY, "A-w1-0", "test", millis(2), millis(3),
				Outcome.FAILED, "timeout"));
		this.history.add(new Operation("lettuce", "raw", Type.WRITE, KEY, "lettuce-0", "test", millis(4), millis(5),
				Outcome.UNKNOWN, ""));
		read("A", "a-held", KEY, "A-w0-0", 30, 31);
		read("A", "a-held", KEY, "A-w1-0", 40, 41);
		read("B", "b-held", KEY, "lettuce-0", 50, 51);
		read("B", "b-held", KEY, "A-w1-0", 52, 53);
		this.history.add(new Operation("B", "b-fresh", Type.READ, KEY, null, "test", millis(54), millis(55),
				Outcome.FAILED, "CacheBackendException"));
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).isEmpty();
		assertThat(report.failed()).isEqualTo(3);
		assertThat(report.reads()).isEqualTo(4);
	}

	@Test
	void keysLostByARestartedServerReadAbsentButNotTheirOldValuesAfterTheBound() {
		this.history.initial(KEY, "init");
		write("A", "a-w0", KEY, "A-w0-0", 0, 1);
		this.history.lost(List.of(KEY), millis(2), millis(100), "restart");
		read("B", "b-held", KEY, "A-w0-0", 50, 51);
		read("B", "b-held", KEY, null, 101, 102);
		read("A", "a-held", KEY, null, 103, 104);
		read("A", "a-held", KEY, "A-w0-0", 120, 121);
		Report report = this.checker.check(this.history);
		assertThat(report.violations()).singleElement().satisfies((violation) -> {
			assertThat(violation.rule()).isEqualTo(Rule.STALE_READ);
			assertThat(violation.read().invoke()).isEqualTo(millis(120));
		});
		assertThat(report.writes()).isEqualTo(1);
	}

	private void write(String process, String thread, String key, String value, double invoke, double complete) {
		this.history.add(new Operation(process, thread, Type.WRITE, key, value, "test", millis(invoke),
				millis(complete), Outcome.OK, ""));
	}

	private void read(String process, String thread, String key, @Nullable String value, double invoke,
			double complete) {
		this.history.add(new Operation(process, thread, Type.READ, key, value, "test", millis(invoke), millis(complete),
				Outcome.OK, ""));
	}

	private void finalRead(String process, String thread, String key, String value, double invoke, double complete) {
		this.history.add(new Operation(process, thread, Type.FINAL_READ, key, value, "test", millis(invoke),
				millis(complete), Outcome.OK, ""));
	}

	private static long millis(double millis) {
		return Math.round(millis * 1_000_000);
	}

}
