package io.cacheobj.binding;

import java.util.function.Function;

/**
 * The keys of recently bound ids of one entity type, so that an id bound again gets the
 * same key strings: a near cache then finds a key it holds by identity, without hashing a
 * new string and comparing it with the one it keeps, which is most of the cost of a hit
 * for an object bound anew on every request.
 * <p>
 * A direct-mapped table: each id has one slot, and a newer id that shares the slot takes
 * it. Entries are immutable, so a racy read sees a whole entry or none; losing an entry
 * costs only the new strings that binding without this table makes anyway.
 */
final class RecentKeys {

	private static final int MAXIMUM_SLOTS = 1 << 20;

	private final Entry[] slots;

	private final Function<String, String[]> keyMaker;

	/**
	 * Make a table for at most some ids.
	 * @param ids the most ids to keep, at least 1
	 * @param keyMaker makes the keys of an id
	 */
	RecentKeys(long ids, Function<String, String[]> keyMaker) {
		this.slots = new Entry[Integer.highestOneBit((int) Math.min(Math.max(ids, 1), MAXIMUM_SLOTS))];
		this.keyMaker = keyMaker;
	}

	/**
	 * Return the keys of an id, the same strings as last time when the id was bound
	 * recently.
	 * @param id the id as it appears in keys
	 * @return the keys, in the order of the entity's properties
	 */
	String[] keys(String id) {
		int hash = id.hashCode();
		int slot = (hash ^ (hash >>> 16)) & (this.slots.length - 1);
		Entry entry = this.slots[slot];
		if (entry != null && (entry.id == id || entry.id.equals(id))) {
			return entry.keys;
		}
		String[] keys = this.keyMaker.apply(id);
		this.slots[slot] = new Entry(id, keys);
		return keys;
	}

	/**
	 * Return how many ids' keys are kept.
	 * @return the number of ids
	 */
	long size() {
		long size = 0;
		for (Entry entry : this.slots) {
			if (entry != null) {
				size++;
			}
		}
		return size;
	}

	private record Entry(String id, String[] keys) {
	}

}
