package io.cacheobj.hostile;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts what happened to {@link Gadget}, without initializing it.
 */
public final class GadgetProbe {

	/** How many times {@link Gadget} was initialized. */
	public static final AtomicInteger INITIALIZATIONS = new AtomicInteger();

	/** How many {@link Gadget}s were constructed. */
	public static final AtomicInteger CONSTRUCTIONS = new AtomicInteger();

	private GadgetProbe() {
	}

}
