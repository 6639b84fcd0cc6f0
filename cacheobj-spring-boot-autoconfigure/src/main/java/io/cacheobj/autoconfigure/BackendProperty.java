package io.cacheobj.autoconfigure;

import java.util.List;

/**
 * Names the settings of backends under {@value #BACKENDS}: the one place that builds a
 * setting's full name and lists the settings that only redis backends take or that hold
 * credentials.
 */
final class BackendProperty {

	/** Prefix of every backend's settings. */
	static final String BACKENDS = "cacheobj.backends";

	static final String URL = "url";

	static final String CLUSTER_NODES = "cluster-nodes";

	static final String SENTINEL = "sentinel";

	static final String SENTINEL_MASTER = "sentinel.master";

	static final String SENTINEL_NODES = "sentinel.nodes";

	static final String SENTINEL_PASSWORD = "sentinel.password";

	static final String USERNAME = "username";

	static final String PASSWORD = "password";

	static final String SSL_BUNDLE = "ssl-bundle";

	static final String READ_FROM = "read-from";

	static final String CLUSTER_REFRESH_PERIOD = "cluster-refresh-period";

	/** Settings that name servers, as URLs that may carry a password or as addresses. */
	static final List<String> ADDRESSES = List.of(URL, CLUSTER_NODES, SENTINEL_NODES);

	/** Settings that hold a password. */
	static final List<String> PASSWORDS = List.of(PASSWORD, SENTINEL_PASSWORD);

	private BackendProperty() {
	}

	/**
	 * Return the prefix of a backend's settings, such as
	 * {@code cacheobj.backends.redis.}.
	 * @param backend the backend's name
	 * @return the prefix, ending with a dot
	 */
	static String prefix(String backend) {
		return BACKENDS + "." + backend + ".";
	}

	/**
	 * Return the full name of a backend's setting, such as
	 * {@code cacheobj.backends.redis.url}.
	 * @param backend the backend's name
	 * @param setting the setting, relative to the backend
	 * @return the full name
	 */
	static String name(String backend, String setting) {
		return prefix(backend) + setting;
	}

}
