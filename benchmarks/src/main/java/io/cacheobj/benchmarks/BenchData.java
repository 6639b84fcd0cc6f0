package io.cacheobj.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * The data every row of a benchmark reads: 1000 objects of 5 properties of 16 bytes, and
 * the keys they have in cacheobj's layout.
 */
final class BenchData {

	static final int OBJECTS = 1000;

	static final int PROPERTIES = 5;

	static final int BATCH = 100;

	private BenchData() {
	}

	static String id(int index) {
		return Integer.toString(index);
	}

	static String key(int index, int property) {
		return "BenchUser." + index + ".p" + property;
	}

	static String value(int index, int property) {
		return String.format("v%07d-p%d-xxxx", index, property);
	}

	static List<String> ids(int start, int count) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(id((start + i) % OBJECTS));
		}
		return ids;
	}

	/**
	 * Return the ids of every object in batches of {@value #BATCH}, as the bulk
	 * benchmarks load them.
	 */
	static List<List<String>> batches() {
		List<List<String>> batches = new ArrayList<>();
		for (int b = 0; b < OBJECTS / BATCH; b++) {
			batches.add(ids(b * BATCH, BATCH));
		}
		return batches;
	}

	static String[] keys(int start, int count) {
		String[] keys = new String[count * PROPERTIES];
		int k = 0;
		for (int i = 0; i < count; i++) {
			for (int p = 1; p <= PROPERTIES; p++) {
				keys[k++] = key((start + i) % OBJECTS, p);
			}
		}
		return keys;
	}

	static int port(String name) {
		String port = System.getProperty(name);
		if (port == null) {
			throw new IllegalStateException("Set -D" + name + " to the port of the server: benchmarks/run does");
		}
		return Integer.parseInt(port);
	}

}
