package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;

/**
 * The Lua scripts of the Redis backend, each atomic on the server.
 */
final class RedisScripts {

	/**
	 * Add {@code ARGV[1]} to the counter {@code KEYS[1]} and, when this call created it,
	 * give it the time to live {@code ARGV[2]} in milliseconds.
	 */
	static final byte[] INCREMENT_WITH_TTL = """
			local created = redis.call('EXISTS', KEYS[1]) == 0
			local value = redis.call('INCRBY', KEYS[1], ARGV[1])
			if created then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
			return value""".getBytes(StandardCharsets.UTF_8);

	/**
	 * Replace {@code KEYS[1]} when its bytes equal {@code ARGV[2]} ({@code ARGV[1]} is
	 * {@code 1}) or when it is absent ({@code ARGV[1]} is {@code 0}): with
	 * {@code ARGV[4]} and the time to live {@code ARGV[5]} ({@code 0} for none) when
	 * {@code ARGV[3]} is {@code 1}, else by deleting it; {@code 1} when it was replaced.
	 */
	static final byte[] COMPARE_AND_SET = """
			local current = redis.call('GET', KEYS[1])
			if ARGV[1] == '1' then
				if current ~= ARGV[2] then return 0 end
			elseif current then
				return 0
			end
			if ARGV[3] == '1' then
				if ARGV[5] == '0' then redis.call('SET', KEYS[1], ARGV[4])
				else redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5]) end
			else
				redis.call('DEL', KEYS[1])
			end
			return 1""".getBytes(StandardCharsets.UTF_8);

	/** Delete {@code KEYS[1]} and return the value it had. */
	static final byte[] GET_AND_DELETE = """
			local current = redis.call('GET', KEYS[1])
			redis.call('DEL', KEYS[1])
			return current""".getBytes(StandardCharsets.UTF_8);

	/**
	 * Read the keys {@code ARGV} of many slots owned by one cluster node in one call:
	 * Redis 7 lets a script flagged {@code allow-cross-slot-keys} read keys it was not
	 * given as KEYS, as long as the node serves their slots.
	 */
	static final byte[] GET_EACH = """
			#!lua flags=no-writes,allow-cross-slot-keys
			local values = {}
			for i, key in ipairs(ARGV) do values[i] = redis.call('GET', key) end
			return values""".getBytes(StandardCharsets.UTF_8);

	private RedisScripts() {
	}

}
