package io.cacheobj.hostile;

/**
 * A class outside every trusted package that records its class initialization and its
 * constructions in {@link GadgetProbe}, so that a test proves a stored value naming it
 * never loads nor instantiates it.
 */
public class Gadget {

	static {
		GadgetProbe.INITIALIZATIONS.incrementAndGet();
	}

	public Gadget() {
		GadgetProbe.CONSTRUCTIONS.incrementAndGet();
	}

}
