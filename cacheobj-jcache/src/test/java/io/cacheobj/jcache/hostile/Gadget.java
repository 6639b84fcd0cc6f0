package io.cacheobj.jcache.hostile;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gadget-like class outside every allowed package: it counts its constructions and the
 * runs of its {@code readObject}, which a hostile stream would use to act.
 */
public class Gadget implements Serializable {

	private static final long serialVersionUID = 1L;

	/** How many times the constructor ran. */
	public static final AtomicInteger CONSTRUCTED = new AtomicInteger();

	/** How many times {@code readObject} ran. */
	public static final AtomicInteger READ = new AtomicInteger();

	private final String command;

	public Gadget(String command) {
		this.command = command;
		CONSTRUCTED.incrementAndGet();
	}

	private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
		READ.incrementAndGet();
		in.defaultReadObject();
	}

	@Override
	public String toString() {
		return this.command;
	}

}
