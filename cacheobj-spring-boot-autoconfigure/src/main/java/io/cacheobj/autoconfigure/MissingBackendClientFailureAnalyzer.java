package io.cacheobj.autoconfigure;

import java.util.Locale;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a backend whose client library is missing, naming the dependency to add.
 */
class MissingBackendClientFailureAnalyzer extends AbstractFailureAnalyzer<MissingBackendClientException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingBackendClientException cause) {
		String type = cause.getType().name().toLowerCase(Locale.ROOT);
		String property = BackendProperty.name(cause.getBackend(), "type");
		String description = "cacheobj backend '" + cause.getBackend() + "' (" + property + "=" + type + ") needs "
				+ library(cause.getType()) + ", which is not on the classpath.";
		String action = "Add " + dependencies(cause.getType())
				+ " to your build (io.cacheobj:cacheobj-spring-boot-starter brings it), or change " + property + ".";
		return new FailureAnalysis(description, action, cause);
	}

	private static String library(BackendType type) {
		return switch (type) {
			case MEMORY -> "Caffeine";
			case REDIS -> "Spring Data Redis with Lettuce";
			case MEMCACHED -> "spymemcached";
		};
	}

	private static String dependencies(BackendType type) {
		return switch (type) {
			case MEMORY -> "the dependency com.github.ben-manes.caffeine:caffeine";
			case REDIS -> "the dependencies org.springframework.data:spring-data-redis and io.lettuce:lettuce-core";
			case MEMCACHED -> "the dependency net.spy:spymemcached";
		};
	}

}
