package io.cacheobj.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.cacheobj.backend.InvalidationListener;

import static org.awaitility.Awaitility.await;

/**
 * An {@link InvalidationListener} that records what it hears, thread-safely, as events
 * such as {@code invalidate user.1}, {@code invalidateAll} or {@code tracking true}, and
 * waits, bounded, for expected ones.
 */
public class RecordingInvalidationListener implements InvalidationListener {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Map<String, Long> invalidatedAt = new ConcurrentHashMap<>();

	private volatile boolean tracking;

	@Override
	public void invalidate(String key) {
		this.invalidatedAt.putIfAbsent(key, System.nanoTime());
		this.events.add("invalidate " + key);
	}

	@Override
	public void invalidateAll() {
		this.events.add("invalidateAll");
	}

	@Override
	public void trackingChanged(boolean tracking) {
		this.tracking = tracking;
		this.events.add("tracking " + tracking);
	}

	/**
	 * Return the events so far, oldest first.
	 * @return the events
	 */
	public List<String> events() {
		return new ArrayList<>(this.events);
	}

	/**
	 * Return the events since a number of them, oldest first.
	 * @param from how many events to skip
	 * @return the events
	 */
	public List<String> eventsSince(int from) {
		List<String> events = events();
		return events.subList(Math.min(from, events.size()), events.size());
	}

	public int size() {
		return this.events.size();
	}

	public boolean tracking() {
		return this.tracking;
	}

	/**
	 * Return when a key was first invalidated.
	 * @param key the key
	 * @return the {@link System#nanoTime()} of its first invalidation, or {@code null}
	 */
	public Long invalidatedAt(String key) {
		return this.invalidatedAt.get(key);
	}

	/**
	 * Wait until an event was heard.
	 * @param event the event, such as {@code invalidate user.1}
	 */
	public void awaitEvent(String event) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> this.events.contains(event));
	}

	/**
	 * Wait until an event was heard after a number of events.
	 * @param from how many events to skip
	 * @param event the event
	 */
	public void awaitEventSince(int from, String event) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> eventsSince(from).contains(event));
	}

	/**
	 * Wait until the last tracking change was to a state.
	 * @param tracking the state
	 */
	public void awaitTracking(boolean tracking) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> this.tracking == tracking);
	}

}
