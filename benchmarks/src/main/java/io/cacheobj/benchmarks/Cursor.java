package io.cacheobj.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Walks each thread over the objects in turn, so that every row reads the same keys.
 */
@State(Scope.Thread)
public class Cursor {

	private int next;

	int next() {
		int index = this.next + 1;
		this.next = (index == BenchData.OBJECTS) ? 0 : index;
		return this.next;
	}

	int nextBatch() {
		return next() % (BenchData.OBJECTS / BenchData.BATCH);
	}

}
