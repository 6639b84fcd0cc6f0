package io.cacheobj.testsupport;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

/**
 * An entity with a property of every kind of value, for backend integration tests: keys
 * {@code ValueTypes.<id>.<field>}.
 */
@CacheEntity
public class ValueTypes {

	@CacheId
	public String id;

	@CachedProperty
	public CachedValue<String> text;

	@CachedProperty
	public CachedValue<Long> number;

	@CachedProperty
	public CachedValue<Integer> small;

	@CachedProperty
	public CachedValue<BigDecimal> decimal;

	@CachedProperty
	public CachedValue<Double> real;

	@CachedProperty
	public CachedValue<Boolean> flag;

	@CachedProperty
	public CachedValue<Color> color;

	@CachedProperty
	public CachedValue<byte[]> bytes;

	@CachedProperty
	public CachedValue<Address> address;

	@CachedProperty
	public CachedValue<List<Address>> addresses;

	@CachedProperty
	public CachedValue<Map<String, Instant>> times;

	@CachedProperty(ttl = "1s")
	public CachedValue<String> brief;

	@CachedProperty
	public CachedCounter counter;

	@CachedProperty
	public CachedValue<Tally> tally;

	/**
	 * A color, stored by name.
	 */
	public enum Color {

		RED, GREEN

	}

	/**
	 * An address, stored as JSON.
	 *
	 * @param street the street
	 * @param number the number
	 */
	public record Address(String street, int number) {

	}

	/**
	 * A count kept in a JSON object, updated by compare-and-set.
	 *
	 * @param count the count
	 */
	public record Tally(long count) {

	}

}
