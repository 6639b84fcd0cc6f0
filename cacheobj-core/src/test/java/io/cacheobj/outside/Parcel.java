package io.cacheobj.outside;

/**
 * A value type in a package no test trusts by default, as a record from a shared
 * library's jar would be.
 *
 * @param id the parcel's id
 * @param label its label
 */
public record Parcel(long id, String label) {

}
