package io.cacheobj.backend.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisNode;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisSocketConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.RedisCredentialsProviderFactory;

/**
 * What a {@link RedisTrackingSource} connects to and how: its topology, addresses,
 * credentials, TLS, timeouts, client options and client resources, from the configuration
 * a connection factory was built with, or read back from an application's
 * {@link LettuceConnectionFactory}.
 * <p>
 * Tracking connections speak RESP3, never reconnect by themselves (tracking state is lost
 * on reconnect, so the source reconnects and re-arms them), reject commands while
 * disconnected, and are named {@code cacheobj-tracking-<backend>}. Every wait on them
 * uses the factory's command timeout, at most {@link #MAX_TIMEOUT}, so that a server that
 * stops answering is noticed quickly.
 */
final class RedisTrackingSettings {

	static final Duration MAX_TIMEOUT = Duration.ofSeconds(2);

	private final Topology topology;

	private final List<RedisURI> uris;

	private final String description;

	private final ClientOptions clientOptions;

	private final @Nullable ClientResources clientResources;

	private final Duration timeout;

	private final Consumer<RedisURI.Builder> common;

	private RedisTrackingSettings(Topology topology, List<RedisURI> uris, String description,
			ClientOptions clientOptions, @Nullable ClientResources clientResources, Duration timeout,
			Consumer<RedisURI.Builder> common) {
		this.topology = topology;
		this.uris = uris;
		this.description = description;
		this.clientOptions = clientOptions;
		this.clientResources = clientResources;
		this.timeout = timeout;
		this.common = common;
	}

	/**
	 * Read the settings back from a connection factory whose configuration is not known
	 * otherwise, such as the application's.
	 */
	static RedisTrackingSettings of(String backendName, LettuceConnectionFactory factory) {
		return of(backendName, configuration(factory), factory.getClientConfiguration(), factory.getClientResources());
	}

	/**
	 * Return the configuration of the servers a factory connects to.
	 */
	private static RedisConfiguration configuration(LettuceConnectionFactory factory) {
		if (factory.isClusterAware()) {
			return factory.getClusterConfiguration();
		}
		if (factory.isRedisSentinelAware()) {
			return factory.getSentinelConfiguration();
		}
		RedisSocketConfiguration socket = factory.getSocketConfiguration();
		return (socket != null) ? socket : standalone(factory);
	}

	/**
	 * Create the settings from the description a connection factory was built from.
	 * @param backendName the backend's name
	 * @param configuration the servers: standalone, socket, Sentinel or cluster
	 * @param client the client configuration
	 * @param factoryResources the factory's client resources, or {@code null} for those
	 * of the client configuration, if any
	 * @return the settings
	 * @throws IllegalArgumentException for another kind of configuration
	 */
	static RedisTrackingSettings of(String backendName, RedisConfiguration configuration,
			LettuceClientConfiguration client, @Nullable ClientResources factoryResources) {
		Duration commandTimeout = client.getCommandTimeout();
		Duration timeout = (commandTimeout.isZero() || commandTimeout.isNegative()
				|| commandTimeout.compareTo(MAX_TIMEOUT) > 0) ? MAX_TIMEOUT : commandTimeout;
		ClientOptions options = ClientOptions.copyOf(client.getClientOptions().orElseGet(ClientOptions::create))
			.mutate()
			.protocolVersion(ProtocolVersion.RESP3)
			.autoReconnect(false)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.build();
		ClientResources resources = (factoryResources != null) ? factoryResources
				: client.getClientResources().orElse(null);
		RedisCredentialsProviderFactory credentials = client.getRedisCredentialsProviderFactory().orElse(null);
		String clientName = "cacheobj-tracking-" + backendName;
		if (configuration instanceof RedisClusterConfiguration cluster) {
			Consumer<RedisURI.Builder> common = common(client, timeout, clientName, cluster, cluster.getUsername(),
					cluster.getPassword(), credentials);
			List<RedisURI> seeds = cluster.getClusterNodes()
				.stream()
				.map((node) -> build(RedisURI.Builder.redis(host(node), port(node)), common))
				.toList();
			return new RedisTrackingSettings(Topology.CLUSTER, seeds, "cluster", options, resources, timeout, common);
		}
		if (configuration instanceof RedisSentinelConfiguration sentinel) {
			String master = sentinel.getMaster().getName();
			List<RedisURI> sentinels = new ArrayList<>();
			for (RedisNode node : sentinel.getSentinels()) {
				RedisURI.Builder sentinelUri = RedisURI.Builder.redis(host(node), port(node))
					.withSsl(client.isUseSsl())
					.withTimeout(timeout);
				if (sentinel.getSentinelPassword().isPresent()) {
					char[] password = sentinel.getSentinelPassword().get();
					if (sentinel.getSentinelUsername() != null) {
						sentinelUri.withAuthentication(sentinel.getSentinelUsername(), password);
					}
					else {
						sentinelUri.withPassword(password);
					}
				}
				sentinels.add(sentinelUri.build());
			}
			Consumer<RedisURI.Builder> common = common(client, timeout, clientName, sentinel, sentinel.getUsername(),
					sentinel.getPassword(), credentials);
			return new RedisTrackingSettings(Topology.SENTINEL, List.copyOf(sentinels), master, options, resources,
					timeout, common);
		}
		if (configuration instanceof RedisSocketConfiguration socket) {
			Consumer<RedisURI.Builder> common = common(client, timeout, clientName, socket, socket.getUsername(),
					socket.getPassword(), credentials);
			RedisURI uri = build(RedisURI.Builder.socket(socket.getSocket()), common);
			return new RedisTrackingSettings(Topology.SOCKET, List.of(uri), socket.getSocket(), options, resources,
					timeout, common);
		}
		if (!(configuration instanceof RedisStandaloneConfiguration standalone)) {
			throw new IllegalArgumentException("Near cache tracking of Redis backend '" + backendName
					+ "' connects to a standalone server, a socket, Sentinel or a cluster, not a "
					+ configuration.getClass().getSimpleName());
		}
		Consumer<RedisURI.Builder> common = common(client, timeout, clientName, standalone, standalone.getUsername(),
				standalone.getPassword(), credentials);
		RedisURI uri = build(RedisURI.Builder.redis(standalone.getHostName(), standalone.getPort()), common);
		return new RedisTrackingSettings(Topology.STANDALONE, List.of(uri),
				standalone.getHostName() + ":" + standalone.getPort(), options, resources, timeout, common);
	}

	/**
	 * Return the server a standalone factory connects to. A factory built with the
	 * constructor of a standalone configuration returns it; one built from a
	 * {@code RedisConfiguration} (such as {@code createRedisConfiguration(url)}) returns
	 * a default one, so its host, port, database and password are read from the factory;
	 * its username cannot be, and a server that requires one refuses the tracking
	 * connection, which leaves the near cache bypassed rather than stale. A backend that
	 * was told the configuration its factory was built with never reads it back.
	 */
	private static RedisStandaloneConfiguration standalone(LettuceConnectionFactory factory) {
		RedisStandaloneConfiguration configured = factory.getStandaloneConfiguration();
		if (configured.getHostName().equals(factory.getHostName()) && configured.getPort() == factory.getPort()) {
			return configured;
		}
		RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(factory.getHostName(),
				factory.getPort());
		standalone.setDatabase(factory.getDatabase());
		standalone.setPassword(RedisPassword.of(factory.getPassword()));
		return standalone;
	}

	private static Consumer<RedisURI.Builder> common(LettuceClientConfiguration client, Duration timeout,
			String clientName, RedisConfiguration configuration, @Nullable String username, RedisPassword password,
			@Nullable RedisCredentialsProviderFactory credentials) {
		RedisCredentialsProvider provider = (credentials != null) ? credentials.createCredentialsProvider(configuration)
				: null;
		return (builder) -> {
			builder.withSsl(client.isUseSsl())
				.withStartTls(client.isStartTls())
				.withTimeout(timeout)
				.withClientName(clientName);
			if (client.isUseSsl()) {
				builder.withVerifyPeer(client.getVerifyMode());
			}
			if (provider != null) {
				builder.withAuthentication(provider);
			}
			else if (password.isPresent()) {
				if (username != null) {
					builder.withAuthentication(username, password.get());
				}
				else {
					builder.withPassword(password.get());
				}
			}
		};
	}

	private static RedisURI build(RedisURI.Builder builder, Consumer<RedisURI.Builder> common) {
		common.accept(builder);
		return builder.build();
	}

	private static String host(RedisNode node) {
		String host = node.getHost();
		return (host != null) ? host : "localhost";
	}

	private static int port(RedisNode node) {
		Integer port = node.getPort();
		return (port != null) ? port : RedisURI.DEFAULT_REDIS_PORT;
	}

	Topology topology() {
		return this.topology;
	}

	/**
	 * Return the node to track for a standalone server or a socket, the sentinels that
	 * name the master to track, or the seed nodes of a cluster.
	 * @return the addresses, with credentials and TLS settings
	 */
	List<RedisURI> uris() {
		return this.uris;
	}

	/**
	 * Return what is tracked, for messages and details: the address of a standalone
	 * server, a socket's path, the name of a Sentinel master, or {@code cluster}; never
	 * credentials.
	 * @return the description
	 */
	String description() {
		return this.description;
	}

	/**
	 * Return the address of a discovered node, a cluster's master or the master Sentinel
	 * names, with the data nodes' credentials and TLS settings.
	 * @param host the node's host
	 * @param port the node's port
	 * @return the address
	 */
	RedisURI node(String host, int port) {
		return build(RedisURI.Builder.redis(host, port), this.common);
	}

	/**
	 * Return the name of the master that Sentinel is asked for.
	 * @return the name
	 */
	String sentinelMaster() {
		return this.description;
	}

	ClientOptions clientOptions() {
		return this.clientOptions;
	}

	@Nullable ClientResources clientResources() {
		return this.clientResources;
	}

	Duration timeout() {
		return this.timeout;
	}

	/**
	 * How the tracked servers are deployed.
	 */
	enum Topology {

		STANDALONE, SOCKET, SENTINEL, CLUSTER

	}

}
