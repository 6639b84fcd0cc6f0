package io.cacheobj.backend.redis;

/**
 * How a Redis near cache has the server tell it of changes: which of Redis's
 * server-assisted client-side caching modes its tracking connections use.
 *
 * @see RedisCacheBackend#invalidations(java.time.Duration)
 * @see RedisCacheBackend#optInInvalidations(java.time.Duration)
 */
enum RedisTrackingMode {

	/**
	 * Broadcasting mode ({@code CLIENT TRACKING ON BCAST PREFIX ...}): the server pushes
	 * every write under the tracked key prefixes to every JVM, whether it holds the key
	 * or not. The server keeps no state per key, and its cost per write grows with the
	 * number of JVMs (about 5 µs of server CPU per JVM and write): the mode for a few
	 * JVMs, or for JVMs that all read the same keys.
	 */
	BROADCAST,

	/**
	 * Each JVM opts in to the keys it reads: the near cache fills from reads made on its
	 * tracking connections, which are armed in the server's default mode
	 * ({@code CLIENT TRACKING ON}) and read nothing else, so the server remembers which
	 * JVM read which key and tells only those, once per read. The server keeps a table of
	 * the keys read (bounded by {@code tracking-table-max-keys}, whose evictions it
	 * reports as invalidations), and its cost per write grows with the JVMs that hold the
	 * key: the mode for many JVMs that each read their share of the keys.
	 */
	OPTIN

}
