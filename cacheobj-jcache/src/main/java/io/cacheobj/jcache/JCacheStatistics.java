package io.cacheobj.jcache;

import java.util.concurrent.atomic.LongAdder;

import javax.cache.management.CacheStatisticsMXBean;

/**
 * A cache's statistics in this JVM, and their MXBean.
 */
final class JCacheStatistics implements CacheStatisticsMXBean {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder removals = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final LongAdder getNanos = new LongAdder();

	private final LongAdder putNanos = new LongAdder();

	private final LongAdder removeNanos = new LongAdder();

	private volatile boolean enabled;

	void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	boolean isEnabled() {
		return this.enabled;
	}

	void hits(long count) {
		if (this.enabled && count > 0) {
			this.hits.add(count);
		}
	}

	void misses(long count) {
		if (this.enabled && count > 0) {
			this.misses.add(count);
		}
	}

	/** Count one read: a hit when it found an entry, else a miss. */
	void hitOrMiss(boolean hit) {
		if (hit) {
			hits(1);
		}
		else {
			misses(1);
		}
	}

	void puts(long count) {
		if (this.enabled && count > 0) {
			this.puts.add(count);
		}
	}

	void removals(long count) {
		if (this.enabled && count > 0) {
			this.removals.add(count);
		}
	}

	void evictions(long count) {
		if (this.enabled && count > 0) {
			this.evictions.add(count);
		}
	}

	/**
	 * The start of a timed call: the time when statistics are enabled, else {@code 0},
	 * which the timing methods ignore (so that a disabled cache reads no clock).
	 */
	long start() {
		return this.enabled ? System.nanoTime() : 0;
	}

	void getTime(long startNanos) {
		if (this.enabled && startNanos != 0) {
			this.getNanos.add(System.nanoTime() - startNanos);
		}
	}

	void putTime(long startNanos) {
		if (this.enabled && startNanos != 0) {
			this.putNanos.add(System.nanoTime() - startNanos);
		}
	}

	void removeTime(long startNanos) {
		if (this.enabled && startNanos != 0) {
			this.removeNanos.add(System.nanoTime() - startNanos);
		}
	}

	@Override
	public void clear() {
		this.hits.reset();
		this.misses.reset();
		this.puts.reset();
		this.removals.reset();
		this.evictions.reset();
		this.getNanos.reset();
		this.putNanos.reset();
		this.removeNanos.reset();
	}

	@Override
	public long getCacheHits() {
		return this.hits.sum();
	}

	@Override
	public float getCacheHitPercentage() {
		long gets = getCacheGets();
		return (gets == 0) ? 0 : (getCacheHits() * 100f) / gets;
	}

	@Override
	public long getCacheMisses() {
		return this.misses.sum();
	}

	@Override
	public float getCacheMissPercentage() {
		long gets = getCacheGets();
		return (gets == 0) ? 0 : (getCacheMisses() * 100f) / gets;
	}

	@Override
	public long getCacheGets() {
		return getCacheHits() + getCacheMisses();
	}

	@Override
	public long getCachePuts() {
		return this.puts.sum();
	}

	@Override
	public long getCacheRemovals() {
		return this.removals.sum();
	}

	@Override
	public long getCacheEvictions() {
		return this.evictions.sum();
	}

	@Override
	public float getAverageGetTime() {
		return average(this.getNanos.sum(), getCacheGets());
	}

	@Override
	public float getAveragePutTime() {
		return average(this.putNanos.sum(), getCachePuts());
	}

	@Override
	public float getAverageRemoveTime() {
		return average(this.removeNanos.sum(), getCacheRemovals());
	}

	private static float average(long nanos, long count) {
		return (count == 0) ? 0 : (nanos / 1000f) / count;
	}

}
