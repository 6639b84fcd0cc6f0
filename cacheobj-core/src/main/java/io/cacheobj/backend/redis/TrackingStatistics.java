package io.cacheobj.backend.redis;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link RedisTrackingSource} counts, and the round trips of its last rounds of
 * pings, as its details show them.
 */
final class TrackingStatistics {

	private final AtomicLong pushes = new AtomicLong();

	private final AtomicLong invalidations = new AtomicLong();

	private final AtomicLong readsToKeep = new AtomicLong();

	private final AtomicLong retirements = new AtomicLong();

	private final AtomicLong storms = new AtomicLong();

	/** The round trips of the last rounds of pings, in nanoseconds, as a ring. */
	private final long[] pingRoundTrips = new long[256];

	private int pingRounds;

	private final AtomicLong flushes = new AtomicLong();

	private final AtomicLong reconnects = new AtomicLong();

	private final AtomicLong topologyChanges = new AtomicLong();

	void pushed() {
		this.pushes.incrementAndGet();
	}

	void invalidated(long keys) {
		this.invalidations.addAndGet(keys);
	}

	void stormed() {
		this.storms.incrementAndGet();
	}

	void flushed() {
		this.flushes.incrementAndGet();
	}

	void readToKeep() {
		this.readsToKeep.incrementAndGet();
	}

	void retired() {
		this.retirements.incrementAndGet();
	}

	void topologyChanged() {
		this.topologyChanges.incrementAndGet();
	}

	/**
	 * Return the count of reconnects, which a node adds to when it tracks again.
	 * @return the count
	 */
	AtomicLong reconnects() {
		return this.reconnects;
	}

	/**
	 * Keep the round trip of a round of pings that every node answered.
	 * @param roundTrip the round trip in nanoseconds
	 */
	void pinged(long roundTrip) {
		synchronized (this.pingRoundTrips) {
			this.pingRoundTrips[this.pingRounds++ % this.pingRoundTrips.length] = roundTrip;
		}
	}

	/**
	 * Add the counts to a source's details.
	 * @param details the details
	 * @param readsToKeep whether reads to keep are counted, in
	 * {@link RedisTrackingMode#OPTIN} mode
	 * @param nodesRetired whether retired nodes are counted, when nodes are tracked apart
	 * @param topologyChanges whether topology changes are counted, when the nodes are
	 * discovered
	 */
	void addTo(Map<String, Object> details, boolean readsToKeep, boolean nodesRetired, boolean topologyChanges) {
		details.put("pushes", this.pushes.get());
		details.put("invalidations", this.invalidations.get());
		if (readsToKeep) {
			details.put("readsToKeep", this.readsToKeep.get());
		}
		if (nodesRetired) {
			details.put("nodesRetired", this.retirements.get());
		}
		details.put("flushes", this.flushes.get());
		details.put("storms", this.storms.get());
		Double p99 = pingRoundTripP99Millis();
		if (p99 != null) {
			details.put("pingRoundTripP99Millis", p99);
		}
		details.put("reconnects", this.reconnects.get());
		if (topologyChanges) {
			details.put("topologyChanges", this.topologyChanges.get());
		}
	}

	/**
	 * Return the 99th percentile of the last rounds of pings' round trips.
	 * @return the round trip in milliseconds, or {@code null} before the first round
	 */
	private @Nullable Double pingRoundTripP99Millis() {
		long[] rounds;
		synchronized (this.pingRoundTrips) {
			rounds = Arrays.copyOf(this.pingRoundTrips, Math.min(this.pingRounds, this.pingRoundTrips.length));
		}
		if (rounds.length == 0) {
			return null;
		}
		Arrays.sort(rounds);
		return rounds[Math.min(rounds.length - 1, (int) Math.ceil(rounds.length * 0.99) - 1)] / 1e6;
	}

}
