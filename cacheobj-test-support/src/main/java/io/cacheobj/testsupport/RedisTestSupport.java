package io.cacheobj.testsupport;

import java.util.concurrent.TimeUnit;

import java.util.ArrayList;

import java.io.IOException;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connects to test Redis servers and reads their command statistics.
 */
public final class RedisTestSupport {

	private RedisTestSupport() {
	}

	/**
	 * Create a started connection factory to a standalone server.
	 * @param server the server
	 * @param timeout the command and connect timeout
	 * @return the connection factory, to destroy after use
	 */
	public static LettuceConnectionFactory connectionFactory(ManagedServer server, Duration timeout) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()), clientConfiguration(timeout));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Create a started connection factory to a cluster.
	 * @param nodes the cluster's nodes
	 * @return the connection factory, to destroy after use
	 */
	public static LettuceConnectionFactory clusterConnectionFactory(List<ManagedServer> nodes) {
		RedisClusterConfiguration configuration = new RedisClusterConfiguration(
				nodes.stream().map((node) -> node.host() + ":" + node.port()).toList());
		LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration,
				clientConfiguration(Duration.ofSeconds(2)));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static LettuceClientConfiguration clientConfiguration(Duration timeout) {
		return LettuceClientConfiguration.builder()
			.commandTimeout(timeout)
			.clientOptions(ClientOptions.builder()
				.socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
	}

	/**
	 * Reset the server's command statistics.
	 * @param server the server
	 */
	public static void resetStats(ManagedServer server) {
		server.send("CONFIG RESETSTAT");
	}

	/**
	 * Return how many times a command ran since the statistics were reset.
	 * @param server the server
	 * @param command the command, lower case
	 * @return the number of calls
	 */
	public static long calls(ManagedServer server, String command) {
		String stats = server.send("INFO commandstats");
		Matcher matcher = Pattern.compile("cmdstat_" + Pattern.quote(command) + ":calls=(\\d+)").matcher(stats);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
	}

	/**
	 * Run {@code redis-cli} against a server, as another client would, and check that it
	 * answered {@code OK}.
	 * @param server the server
	 * @param arguments the command and its arguments
	 */
	public static void redisCli(ManagedServer server, String... arguments) {
		String output = redisCliOutput(server, arguments);
		if (!"OK".equals(output)) {
			throw new IllegalStateException("redis-cli " + arguments[0] + " answered: " + output);
		}
	}

	/**
	 * Run {@code redis-cli} against a server, as another client would, and return what it
	 * printed.
	 * @param server the server
	 * @param arguments the command and its arguments, or options such as {@code --scan}
	 * @return its output, trimmed
	 */
	public static String redisCliOutput(ManagedServer server, String... arguments) {
		List<String> command = new ArrayList<>(
				List.of("redis-cli", "-h", server.host(), "-p", Integer.toString(server.port())));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("redis-cli " + arguments[0] + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("redis-cli is missing: install Debian's redis-tools", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
