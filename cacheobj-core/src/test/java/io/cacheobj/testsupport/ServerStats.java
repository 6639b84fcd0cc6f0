package io.cacheobj.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What real servers counted: Redis's {@code INFO commandstats} and memcached's
 * {@code stats}, summed over several servers, such as a cluster's masters.
 */
public final class ServerStats {

	private static final Pattern REDIS = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");

	private static final Pattern MEMCACHED = Pattern.compile("STAT (\\S+) (\\d+)\r?\n");

	/** The memcached statistics that count commands and their outcomes. */
	private static final Set<String> MEMCACHED_COMMANDS = Set.of("cmd_get", "cmd_set", "cmd_touch", "get_hits",
			"get_misses", "delete_hits", "delete_misses", "incr_hits", "incr_misses", "decr_hits", "decr_misses",
			"cas_hits", "cas_misses", "cas_badval", "touch_hits", "touch_misses", "cmd_flush");

	private ServerStats() {
	}

	/**
	 * Send a line and read the whole reply, which one read may not hold.
	 */
	private static String query(ManagedServer server, String line, Predicate<String> complete) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(server.host(), server.port()), 2000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream reply = new ByteArrayOutputStream();
			byte[] buffer = new byte[16384];
			while (!complete.test(reply.toString(StandardCharsets.UTF_8))) {
				int read = in.read(buffer);
				if (read < 0) {
					throw new IllegalStateException(line + " to " + server.port() + " ended early: " + reply);
				}
				reply.write(buffer, 0, read);
			}
			return reply.toString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return whether a RESP bulk string, {@code $<length>\r\n<bytes>\r\n}, is whole.
	 */
	private static boolean complete(String reply) {
		int header = reply.indexOf("\r\n");
		if (header < 0 || reply.charAt(0) != '$') {
			return false;
		}
		int length = Integer.parseInt(reply.substring(1, header));
		return reply.getBytes(StandardCharsets.UTF_8).length >= header + 2 + length + 2;
	}

	/**
	 * Return how often each command ran on Redis servers, by command ({@code get},
	 * {@code client|setinfo}), without the {@code INFO} that asks.
	 * @param servers the servers
	 * @return the calls, summed
	 */
	public static Map<String, Long> redis(List<ManagedServer> servers) {
		Map<String, Long> calls = new TreeMap<>();
		for (ManagedServer server : servers) {
			Matcher matcher = REDIS.matcher(query(server, "INFO commandstats", (reply) -> complete(reply)));
			while (matcher.find()) {
				if (!matcher.group(1).equals("info")) {
					calls.merge(matcher.group(1), Long.parseLong(matcher.group(2)), Long::sum);
				}
			}
		}
		return calls;
	}

	/**
	 * Return memcached's command counts ({@code cmd_get} counts keys, as memcached does),
	 * summed over servers.
	 * @param servers the servers
	 * @return the counts
	 */
	public static Map<String, Long> memcached(List<ManagedServer> servers) {
		Map<String, Long> counts = new TreeMap<>();
		for (ManagedServer server : servers) {
			Matcher matcher = MEMCACHED.matcher(query(server, "stats", (reply) -> reply.endsWith("END\r\n")));
			while (matcher.find()) {
				if (MEMCACHED_COMMANDS.contains(matcher.group(1))) {
					counts.merge(matcher.group(1), Long.parseLong(matcher.group(2)), Long::sum);
				}
			}
		}
		return counts;
	}

}
