package io.cacheobj.autoconfigure.aot;

/**
 * A JSON value type, reached only through the generic element type of a property.
 *
 * @param street the street
 * @param city the city
 */
public record AotAddress(String street, String city) {

}
