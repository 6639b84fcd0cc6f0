package io.cacheobj.test.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.backend.CacheBackend;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Empties an application context's backends, after checking that each may be emptied (see
 * {@link ClearCacheObjBackends}).
 */
final class BackendCleaner {

	private static final Pattern HOST_AND_PORT = Pattern.compile("([^\\s,]+):(\\d+)");

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
			BackendCleaner.class.getClassLoader());

	private BackendCleaner() {
	}

	/**
	 * Empty every backend of the context, or none when one may not be emptied.
	 * @param context the test's application context
	 * @param remote the names of the remote and custom backends the test allows to empty
	 * @throws IllegalStateException when a backend may not be emptied, naming it, its
	 * servers and what to do
	 */
	static void clear(ApplicationContext context, Set<String> remote) {
		Map<String, CacheBackend> backends = context.getBeansOfType(CacheBackend.class);
		CacheBackendSettings settings = context.getBean(CacheBackendSettings.class);
		String prefix = context.getBean(CacheObjProperties.class).getKeyPrefix();
		List<Runnable> clears = new ArrayList<>();
		backends.forEach((name, backend) -> {
			BackendType type = settings.type(name);
			if (type == BackendType.MEMORY) {
				clears.add(() -> backend.deleteByPrefix(prefix));
				return;
			}
			String target = String.valueOf(settings.describe(name, backend).get("target"));
			if (!remote.contains(name)) {
				throw refusal(name, target, "it is not named in @ClearCacheObjBackends(remote = ...)",
						"If the test started this server itself, name the backend in remote; else remove "
								+ "@ClearCacheObjBackends, or replace the backend by memory with @AutoConfigureCacheObj.");
			}
			if (type == null) {
				clears.add(() -> backend.deleteByPrefix(prefix));
				return;
			}
			List<InetSocketAddress> servers = servers(context, type, target);
			if (servers.isEmpty()) {
				throw refusal(name, target, "its servers cannot be told from its settings",
						"Give it a url or servers on a loopback address, or empty it in the test itself.");
			}
			for (InetSocketAddress server : servers) {
				if (!isLoopback(server)) {
					throw refusal(name, target, server.getHostString() + " is not a loopback address",
							"Start the server for the test on 127.0.0.1 (Testcontainers maps its ports there).");
				}
			}
			if (type == BackendType.REDIS) {
				clears.add(() -> backend.deleteByPrefix(prefix));
			}
			else {
				clears.add(() -> servers.forEach(BackendCleaner::flushMemcached));
			}
		});
		clears.forEach(Runnable::run);
	}

	private static List<InetSocketAddress> servers(ApplicationContext context, BackendType type, String target) {
		if (type == BackendType.REDIS) {
			if (target.startsWith("redis://") || target.startsWith("rediss://")) {
				URI uri = URI.create(target.replace("******", "x"));
				return List.of(InetSocketAddress.createUnresolved(uri.getHost(),
						(uri.getPort() != -1) ? uri.getPort() : 6379));
			}
			if (target.startsWith("cluster ")) {
				return hostsAndPorts(target);
			}
			if (target.startsWith("the application's") && LETTUCE_PRESENT) {
				return applicationRedis(context);
			}
			// A Sentinel names the master, which may be anywhere.
			return List.of();
		}
		return hostsAndPorts(target);
	}

	private static List<InetSocketAddress> applicationRedis(ApplicationContext context) {
		RedisConnectionFactory factory = context.getBeanProvider(RedisConnectionFactory.class).getIfUnique();
		if (factory instanceof LettuceConnectionFactory lettuce && lettuce.getClusterConfiguration() == null
				&& lettuce.getSentinelConfiguration() == null) {
			return List.of(InetSocketAddress.createUnresolved(lettuce.getHostName(), lettuce.getPort()));
		}
		return List.of();
	}

	private static List<InetSocketAddress> hostsAndPorts(String text) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		Matcher matcher = HOST_AND_PORT.matcher(text);
		while (matcher.find()) {
			addresses.add(InetSocketAddress.createUnresolved(matcher.group(1), Integer.parseInt(matcher.group(2))));
		}
		return addresses;
	}

	static boolean isLoopback(InetSocketAddress address) {
		try {
			for (InetAddress resolved : InetAddress.getAllByName(address.getHostString())) {
				if (!resolved.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static void flushMemcached(InetSocketAddress server) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(server.getHostString(), server.getPort()), 2000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write("flush_all\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] answer = new byte[64];
			int read = in.read(answer);
			String text = (read > 0) ? new String(answer, 0, read, StandardCharsets.US_ASCII) : "";
			if (!text.startsWith("OK")) {
				throw new IllegalStateException(
						"memcached at " + server + " answered '" + text.strip() + "' to flush_all");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not flush memcached at " + server, ex);
		}
	}

	private static IllegalStateException refusal(String name, @Nullable String target, String reason, String action) {
		return new IllegalStateException("@ClearCacheObjBackends will not empty backend '" + name + "' (" + target
				+ "): " + reason + ". " + action);
	}

}
