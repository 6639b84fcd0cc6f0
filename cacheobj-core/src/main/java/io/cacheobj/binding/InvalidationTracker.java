package io.cacheobj.binding;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;

/**
 * The key prefixes whose changes a near cache has its invalidation source report: the
 * first prefixes start the source, later ones are added to it, each once.
 */
final class InvalidationTracker {

	private final InvalidationSource source;

	private final InvalidationListener listener;

	private final Set<String> prefixes = new LinkedHashSet<>();

	private boolean started;

	InvalidationTracker(InvalidationSource source, InvalidationListener listener) {
		this.source = source;
		this.listener = listener;
	}

	/**
	 * Have the server report changes of keys under these prefixes; the first call starts
	 * the invalidation source, and prefixes tracked already are not sent again. The call
	 * may wait for the server while it holds this tracker's lock.
	 * @param keyPrefixes key prefixes, such as {@code UserCache.}
	 */
	synchronized void track(Collection<String> keyPrefixes) {
		Set<String> added = new LinkedHashSet<>();
		for (String prefix : keyPrefixes) {
			if (this.prefixes.add(prefix)) {
				added.add(prefix);
			}
		}
		if (!this.started) {
			this.started = true;
			this.source.start(Set.copyOf(this.prefixes), this.listener);
		}
		else if (!added.isEmpty()) {
			this.source.addPrefixes(added);
		}
	}

}
