package io.cacheobj.testsupport;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import org.jspecify.annotations.Nullable;

/**
 * An {@link InvalidationSource} driven by the test: it records the prefixes it is asked
 * to track and hands out its listener, which the test calls as a server would.
 */
public final class ManualInvalidationSource implements InvalidationSource {

	private final List<String> prefixes = new ArrayList<>();

	private final List<List<String>> added = new ArrayList<>();

	private @Nullable InvalidationListener listener;

	private boolean closed;

	@Override
	public void start(Collection<String> prefixes, InvalidationListener listener) {
		this.prefixes.addAll(prefixes);
		this.listener = listener;
	}

	@Override
	public void addPrefixes(Collection<String> prefixes) {
		this.added.add(List.copyOf(prefixes));
		this.prefixes.addAll(prefixes);
	}

	@Override
	public boolean isTracking() {
		return this.listener != null && !this.closed;
	}

	@Override
	public Map<String, Object> details() {
		return Map.of("tracking", isTracking());
	}

	@Override
	public void close() {
		this.closed = true;
	}

	/**
	 * Return every prefix tracked so far, in the order asked.
	 * @return the prefixes
	 */
	public List<String> prefixes() {
		return this.prefixes;
	}

	/**
	 * Return the prefixes each {@link #addPrefixes} call added.
	 * @return the additions
	 */
	public List<List<String>> added() {
		return this.added;
	}

	/**
	 * Return the listener the source was started with.
	 * @return the listener
	 * @throws IllegalStateException when the source was not started
	 */
	public InvalidationListener listener() {
		if (this.listener == null) {
			throw new IllegalStateException("Not started");
		}
		return this.listener;
	}

	/**
	 * Return whether {@link #close} was called.
	 * @return whether the source is closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

}
