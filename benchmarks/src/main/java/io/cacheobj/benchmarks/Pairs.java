package io.cacheobj.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

import com.sun.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Two calls timed apart within one operation, in turns (which goes first alternates):
 * their ratio is not moved by a change in the machine's speed between forks or
 * iterations, which on a shared VM is larger than the few percent a round-trip comparison
 * looks for. JMH reports each counter, summed over an iteration, beside the operation's
 * time, and the report divides the sums ({@code <benchmark>:ours} against
 * {@code <benchmark>:theirs}).
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class Pairs {

	private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

	// The counters, public as JMH requires: time in nanoseconds and bytes allocated by
	// each
	// side, and the pairs made, summed over an iteration.

	public long oursNanos;

	public long theirsNanos;

	public long oursBytes;

	public long theirsBytes;

	public long reads;

	@Setup(Level.Iteration)
	public void reset() {
		this.oursNanos = 0;
		this.theirsNanos = 0;
		this.oursBytes = 0;
		this.theirsBytes = 0;
		this.reads = 0;
	}

	/**
	 * Make both calls, timing each and counting the bytes it allocates.
	 * @param ours cacheobj's call
	 * @param theirs the call it is compared with
	 * @param blackhole what consumes the answers
	 */
	void time(Supplier<?> ours, Supplier<?> theirs, Blackhole blackhole) {
		boolean oursFirst = (this.reads & 1) == 0;
		Supplier<?> first = oursFirst ? ours : theirs;
		Supplier<?> second = oursFirst ? theirs : ours;
		long bytes0 = THREADS.getCurrentThreadAllocatedBytes();
		long time0 = System.nanoTime();
		blackhole.consume(first.get());
		long time1 = System.nanoTime();
		long bytes1 = THREADS.getCurrentThreadAllocatedBytes();
		long time2 = System.nanoTime();
		blackhole.consume(second.get());
		long time3 = System.nanoTime();
		long bytes2 = THREADS.getCurrentThreadAllocatedBytes();
		this.oursNanos += oursFirst ? time1 - time0 : time3 - time2;
		this.theirsNanos += oursFirst ? time3 - time2 : time1 - time0;
		this.oursBytes += oursFirst ? bytes1 - bytes0 : bytes2 - bytes1;
		this.theirsBytes += oursFirst ? bytes2 - bytes1 : bytes1 - bytes0;
		this.reads++;
	}

}
