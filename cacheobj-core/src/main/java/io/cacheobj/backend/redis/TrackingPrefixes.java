package io.cacheobj.backend.redis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.lettuce.core.TrackingArgs;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The key prefixes a tracking connection is armed with, kept minimal (none starts with
 * another) because Redis 7.0 refuses prefixes that overlap one the connection tracks,
 * while it adds the prefixes of a repeated {@code CLIENT TRACKING ON BCAST} to those it
 * has.
 */
final class TrackingPrefixes {

	private TrackingPrefixes() {
	}

	/**
	 * Check prefixes given to the source.
	 * @param prefixes the prefixes
	 * @return a copy
	 * @throws IllegalArgumentException when they or one of them is {@code null}
	 */
	static List<String> checked(Collection<String> prefixes) {
		Assert.notNull(prefixes, "'prefixes' must not be null");
		Assert.noNullElements(prefixes, "'prefixes' must not contain null");
		return List.copyOf(prefixes);
	}

	/**
	 * Merge prefixes so that none starts with another, as Redis requires of the prefixes
	 * of one connection; the order of the current ones is kept.
	 * @param current the prefixes tracked now, already minimal
	 * @param added the prefixes to add
	 * @return the minimal prefixes that cover both
	 */
	static List<String> minimal(List<String> current, Collection<String> added) {
		List<String> all = new ArrayList<>(current);
		all.addAll(added);
		List<String> minimal = new ArrayList<>();
		for (String prefix : all) {
			boolean covered = all.stream()
				.anyMatch((other) -> prefix.startsWith(other) && (other.length() < prefix.length()));
			if (!covered && !minimal.contains(prefix)) {
				minimal.add(prefix);
			}
		}
		return List.copyOf(minimal);
	}

	/**
	 * Decide how armed connections take requested prefixes: not at all when they are
	 * covered already; by adding the new ones to what each connection tracks; or, when a
	 * new prefix covers tracked ones, by re-arming every connection with the full list.
	 * @param current the prefixes tracked now, minimal
	 * @param requested the prefixes requested
	 * @return the change, or {@code null} when the current prefixes cover the requested
	 * ones
	 */
	static @Nullable Change add(List<String> current, Collection<String> requested) {
		List<String> merged = minimal(current, requested);
		if (merged.equals(current)) {
			return null;
		}
		List<String> added = merged.stream().filter((prefix) -> !current.contains(prefix)).toList();
		return new Change(merged, added, !merged.containsAll(current));
	}

	/**
	 * Return the arguments that arm a connection in broadcasting mode with prefixes, all
	 * keys for the empty prefix.
	 * @param prefixes the prefixes, minimal
	 * @return the arguments of {@code CLIENT TRACKING ON}
	 */
	static TrackingArgs trackingArgs(List<String> prefixes) {
		TrackingArgs args = TrackingArgs.Builder.enabled().bcast();
		return (prefixes.contains("")) ? args : args.prefixes(prefixes.toArray(String[]::new));
	}

	/**
	 * How the tracked prefixes change.
	 *
	 * @param merged every prefix to track from now on, minimal
	 * @param added the prefixes of {@code merged} that were not tracked
	 * @param widened whether a new prefix covers tracked ones, so that every connection
	 * re-arms ({@code OFF}, then {@code ON} with {@code merged})
	 */
	record Change(List<String> merged, List<String> added, boolean widened) {

	}

}
