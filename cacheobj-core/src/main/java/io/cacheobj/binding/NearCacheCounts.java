package io.cacheobj.binding;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one {@link NearCache}: the reads it served and missed, the server's
 * invalidations, and the flushes of every copy by their cause. The near cache adds to
 * them; statistics, health and meters read them.
 */
final class NearCacheCounts {

	final LongAdder hits = new LongAdder();

	final LongAdder misses = new LongAdder();

	final LongAdder invalidations = new LongAdder();

	final LongAdder invalidationsRemovingACopy = new LongAdder();

	final LongAdder invalidationsFindingNone = new LongAdder();

	final LongAdder flushedByServer = new LongAdder();

	final LongAdder flushedTrackingLost = new LongAdder();

	final LongAdder flushedLeaseLapsed = new LongAdder();

	final LongAdder flushedNodeLost = new LongAdder();

	/**
	 * Return how many reads the near cache served.
	 * @return the count of hits
	 */
	long hits() {
		return this.hits.sum();
	}

	/**
	 * Return how many reads went to the backend, bypassed or not found locally.
	 * @return the count of misses
	 */
	long misses() {
		return this.misses.sum();
	}

	/**
	 * Return how many invalidations the server sent.
	 * @return the count of invalidations
	 */
	long invalidations() {
		return this.invalidations.sum();
	}

	/**
	 * Return how many invalidations of one key removed a local copy.
	 * @return the count of invalidations
	 */
	long invalidationsRemovingACopy() {
		return this.invalidationsRemovingACopy.sum();
	}

	/**
	 * Return how many invalidations of one key found no local copy to remove: a high
	 * share says the server sends this JVM pushes for keys it does not hold.
	 * @return the count of invalidations
	 */
	long invalidationsFindingNone() {
		return this.invalidationsFindingNone.sum();
	}

	/**
	 * Add the read and invalidation counts to a near cache's details.
	 * @param details the details, in the order they are shown
	 */
	void describe(Map<String, Object> details) {
		details.put("hits", hits());
		details.put("misses", misses());
		details.put("invalidations", invalidations());
		details.put("invalidationsRemovingACopy", invalidationsRemovingACopy());
		details.put("invalidationsFindingNone", invalidationsFindingNone());
	}

	/**
	 * Return the flushes of every copy by their cause: the server's flush, a lost
	 * tracking connection, a lapsed lease, a lost node.
	 * @return a new map of the counts
	 */
	Map<String, Long> flushes() {
		Map<String, Long> flushes = new LinkedHashMap<>();
		flushes.put("server", this.flushedByServer.sum());
		flushes.put("trackingLost", this.flushedTrackingLost.sum());
		flushes.put("leaseLapsed", this.flushedLeaseLapsed.sum());
		flushes.put("nodeLost", this.flushedNodeLost.sum());
		return flushes;
	}

}
