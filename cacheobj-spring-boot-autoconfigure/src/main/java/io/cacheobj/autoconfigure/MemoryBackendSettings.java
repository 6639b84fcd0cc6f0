package io.cacheobj.autoconfigure;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;

/**
 * A {@code memory} backend's settings.
 *
 * @param maximumSize the most entries it keeps
 */
record MemoryBackendSettings(long maximumSize) implements BackendSettings.OfType {

	private static final long DEFAULT_MAXIMUM_SIZE = 100_000;

	/**
	 * Resolve a memory backend's settings.
	 * @param name the backend's name
	 * @param backend its properties
	 * @return its settings
	 * @throws InvalidCacheObjPropertyException when {@code maximum-size} is negative
	 */
	static MemoryBackendSettings resolve(String name, CacheObjBackendProperties backend) {
		long maximumSize = (backend.getMaximumSize() != null) ? backend.getMaximumSize() : DEFAULT_MAXIMUM_SIZE;
		if (maximumSize < 0) {
			throw new InvalidCacheObjPropertyException(BackendProperty.name(name, "maximum-size"),
					String.valueOf(maximumSize), "is negative",
					"Set it to the number of entries the backend may keep, zero or more.");
		}
		return new MemoryBackendSettings(maximumSize);
	}

	@Override
	public BackendType type() {
		return BackendType.MEMORY;
	}

	@Override
	public String target() {
		return "this JVM (maximum-size " + this.maximumSize + ")";
	}

}
