package io.cacheobj.backend;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * One write of a {@link CacheBackend#writeAll bulk write}: a value to store, a key to
 * delete, or a counter to add to.
 *
 * @param kind what the write does
 * @param key the key
 * @param value the value to store, for {@link Kind#SET} only
 * @param delta the amount to add, for {@link Kind#INCREMENT} only
 * @param ttl the time to live of the value stored (or of the counter created), or
 * {@code null} for none; never for {@link Kind#DELETE}
 * @since 0.1.0
 */
public record CacheWrite(Kind kind, String key, @Nullable StoredValue value, long delta, @Nullable Duration ttl) {

	/**
	 * Check that the write is one of the three kinds, as its factory methods make them.
	 * @param kind what the write does
	 * @param key the key
	 * @param value the value to store, for {@link Kind#SET} only
	 * @param delta the amount to add, for {@link Kind#INCREMENT} only
	 * @param ttl the time to live, or {@code null}
	 */
	public CacheWrite {
		Assert.notNull(kind, "'kind' must not be null");
		Assert.notNull(key, "'key' must not be null");
		Assert.isTrue((kind == Kind.SET) == (value != null), "A value is given with SET writes only");
		Assert.isTrue(kind == Kind.INCREMENT || delta == 0, "A delta is given with INCREMENT writes only");
		Assert.isTrue(kind != Kind.DELETE || ttl == null, "A DELETE write has no time to live");
		if (ttl != null) {
			BackendFailures.requirePositive("'ttl'", ttl);
		}
	}

	/**
	 * Create a write that stores a value, as {@link CacheBackend#set} does.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, positive, or {@code null} for no expiry
	 * @return the write
	 */
	public static CacheWrite set(String key, StoredValue value, @Nullable Duration ttl) {
		return new CacheWrite(Kind.SET, key, value, 0, ttl);
	}

	/**
	 * Create a write that deletes a key, as {@link CacheBackend#delete} does.
	 * @param key the key
	 * @return the write
	 */
	public static CacheWrite delete(String key) {
		return new CacheWrite(Kind.DELETE, key, null, 0, null);
	}

	/**
	 * Create a write that adds to a counter, as {@link CacheBackend#increment} does.
	 * @param key the key
	 * @param delta the amount to add, may be negative
	 * @param ttl the time to live of a counter this write creates, or {@code null}
	 * @return the write
	 */
	public static CacheWrite increment(String key, long delta, @Nullable Duration ttl) {
		return new CacheWrite(Kind.INCREMENT, key, null, delta, ttl);
	}

	/**
	 * Apply this write to a backend, one call, as a backend without a bulk write does.
	 * @param backend the backend
	 */
	void applyTo(CacheBackend backend) {
		switch (this.kind) {
			case SET -> backend.set(this.key, requiredValue(), this.ttl);
			case DELETE -> backend.delete(this.key);
			case INCREMENT -> backend.increment(this.key, this.delta, this.ttl);
		}
	}

	/**
	 * Return the value of a {@link Kind#SET} write.
	 * @return the value
	 * @throws IllegalStateException when this write stores no value
	 */
	public StoredValue requiredValue() {
		StoredValue value = this.value;
		Assert.state(value != null, "Only a SET write has a value");
		return value;
	}

	@Override
	public String toString() {
		return "CacheWrite[" + this.kind + " " + this.key + "]";
	}

	/**
	 * What a write does.
	 *
	 * @since 0.1.0
	 */
	public enum Kind {

		/** Store a value, with its time to live. */
		SET,

		/** Delete a key. */
		DELETE,

		/**
		 * Add to a counter, creating it first when absent; an existing counter keeps its
		 * expiry.
		 */
		INCREMENT

	}

}
