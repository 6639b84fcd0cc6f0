package io.cacheobj.consistency;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One operation of a concurrent run on one key: who ran it, when it was invoked and when
 * it returned ({@link System#nanoTime()} of one JVM), the value it wrote or read, and
 * whether it succeeded.
 *
 * @param process the client that ran it: an application context, a raw client, the server
 * itself (a restart that lost every key) or the initial state
 * @param thread the thread that ran it
 * @param type whether it wrote or read
 * @param key the key
 * @param value the value written or read, {@code null} for an absent key
 * @param via how it was done, such as {@code held}, {@code fresh}, {@code getAsync},
 * {@code load}, {@code lettuce}
 * @param invoke when it was invoked
 * @param complete when it returned (for a failed or unknown write, when its caller gave
 * up: the write may still take effect later)
 * @param outcome whether it succeeded
 * @param detail why it failed, or empty
 */
record Operation(String process, String thread, Type type, String key, @Nullable String value, String via, long invoke,
		long complete, Outcome outcome, String detail) {

	/** The time of the state before the run: before every other operation. */
	static final long BEFORE_RUN = Long.MIN_VALUE / 4;

	/**
	 * Return when the operation has certainly taken effect: its return when it succeeded,
	 * else never known.
	 * @return the time, {@link Long#MAX_VALUE} when it may take effect at any later time
	 */
	long effectiveBy() {
		return (this.outcome == Outcome.OK) ? this.complete : Long.MAX_VALUE;
	}

	boolean acknowledged() {
		return this.outcome == Outcome.OK;
	}

	boolean isRead() {
		return this.type != Type.WRITE;
	}

	/**
	 * Describe the operation with its times in milliseconds since an origin.
	 * @param origin the origin, such as the start of the run
	 * @return the description
	 */
	String describe(long origin) {
		String what = isRead() ? "read" : "write";
		String times = (this.invoke == BEFORE_RUN) ? "before the run"
				: "[" + millis(this.invoke - origin) + ", " + millis(this.complete - origin) + "] ms";
		String description = String.format(Locale.ROOT, "%s%s of %s = %s by %s/%s via %s %s",
				(this.type == Type.FINAL_READ) ? "final " : "", what, this.key, quoted(this.value), this.process,
				this.thread, this.via, times);
		return (this.outcome == Outcome.OK) ? description
				: description + " " + this.outcome.name().toLowerCase(Locale.ROOT)
						+ (this.detail.isEmpty() ? "" : " (" + this.detail + ")");
	}

	static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1_000_000.0);
	}

	static String quoted(@Nullable String value) {
		return (value != null) ? "'" + value + "'" : "absent";
	}

	/**
	 * Kinds of operation.
	 */
	enum Type {

		/** A write of the value; {@code null} deletes, or stands for every key lost. */
		WRITE,

		/** A read during the run. */
		READ,

		/** A read after the writers stopped and notices settled, which must converge. */
		FINAL_READ

	}

	/**
	 * What became of an operation.
	 */
	enum Outcome {

		/** It returned normally. */
		OK,

		/** It threw: a write may still have taken effect. */
		FAILED,

		/** Its caller gave up waiting: a write may still take effect. */
		UNKNOWN

	}

}
