package io.cacheobj.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when the client libraries of a Redis backend are versions that
 * cacheobj does not run on, or a pair of versions that do not run together.
 */
class UnsupportedClientVersionException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String springDataRedis;

	private final @Nullable String lettuce;

	private final String supported;

	UnsupportedClientVersionException(@Nullable String springDataRedis, @Nullable String lettuce, String supported) {
		super("cacheobj does not support " + describe(springDataRedis, lettuce) + "; it supports " + supported);
		this.springDataRedis = springDataRedis;
		this.lettuce = lettuce;
		this.supported = supported;
	}

	@Nullable String getSpringDataRedis() {
		return this.springDataRedis;
	}

	@Nullable String getLettuce() {
		return this.lettuce;
	}

	String getSupported() {
		return this.supported;
	}

	/**
	 * Return the versions found, as text.
	 * @return such as {@code Spring Data Redis 4.0.6 with Lettuce 7.5.2.RELEASE}
	 */
	String getFound() {
		return describe(this.springDataRedis, this.lettuce);
	}

	private static String describe(@Nullable String springDataRedis, @Nullable String lettuce) {
		return "Spring Data Redis " + text(springDataRedis) + " with Lettuce " + text(lettuce);
	}

	private static String text(@Nullable String version) {
		return (version != null) ? version : "(version unknown)";
	}

}
