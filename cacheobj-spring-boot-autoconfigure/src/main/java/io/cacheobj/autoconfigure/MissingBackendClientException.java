package io.cacheobj.autoconfigure;

import java.util.Locale;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;

/**
 * Thrown at start-up when a configured backend's client library is not on the classpath.
 */
class MissingBackendClientException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String backend;

	private final BackendType type;

	MissingBackendClientException(String backend, BackendType type) {
		super("Backend '" + backend + "' has type " + type.name().toLowerCase(Locale.ROOT)
				+ ", but its client library is missing");
		this.backend = backend;
		this.type = type;
	}

	String getBackend() {
		return this.backend;
	}

	BackendType getType() {
		return this.type;
	}

}
