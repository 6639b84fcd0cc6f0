package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.concurrent.TimeUnit;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.ReadFrom;
import io.cacheobj.autoconfigure.RedisBackendSettings.RedisServers;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.event.DefaultEventBus;
import io.lettuce.core.event.DefaultEventPublisherOptions;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.Assert;

/**
 * Creates {@code redis} backends when Spring Data Redis and Lettuce are on the classpath:
 * on their own connection factory when {@code url}, {@code cluster-nodes} or
 * {@code sentinel} is set, else on the application's {@link RedisConnectionFactory}.
 * <p>
 * A cluster backend refreshes its topology when a redirection, a lost connection or an
 * uncovered slot says it changed, at most once per {@link #ADAPTIVE_REFRESH_TIMEOUT}
 * (Lettuce's default of 30s would hide a promotion that happens just after the first
 * refresh), and every {@code cluster-refresh-period}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
class RedisBackendConfiguration {

	private static final Duration ADAPTIVE_REFRESH_TIMEOUT = Duration.ofSeconds(1);

	@Bean
	CacheBackendFactory redisCacheBackendFactory(ObjectProvider<RedisConnectionFactory> applicationConnectionFactory,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<ClientResources> applicationClientResources) {
		SharedClientResources clientResources = new SharedClientResources(applicationClientResources);
		return new CacheBackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.REDIS;
			}

			@Override
			public RedisCacheBackend create(BackendSettings settings) {
				RedisClientVersions.check();
				RedisCacheBackend own = ownBackend(settings, sslBundles, clientResources);
				if (own != null) {
					return own;
				}
				RedisConnectionFactory shared = applicationConnectionFactory.getIfAvailable();
				String prefix = BackendProperty.prefix(settings.name());
				if (shared == null) {
					throw new InvalidCacheObjPropertyException(prefix + "url", null,
							"is not set, and the application has no RedisConnectionFactory to use instead",
							"Set " + prefix + "url (such as redis://localhost:6379), " + prefix + "cluster-nodes or "
									+ prefix
									+ "sentinel, or add org.springframework.boot:spring-boot-starter-data-redis"
									+ " and configure spring.data.redis.*.");
				}
				try {
					return RedisCacheBackend.create(settings.name(), shared);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidCacheObjPropertyException(prefix + "url", null,
							"is not set, and the application's RedisConnectionFactory is not Lettuce's ("
									+ shared.getClass().getSimpleName() + ")",
							"Set " + prefix + "url, " + prefix + "cluster-nodes or " + prefix
									+ "sentinel, or use Lettuce for spring.data.redis (spring-boot-starter-data-redis's"
									+ " default client).",
							ex);
				}
			}

		};
	}

	/**
	 * Create a backend on a connection factory of its own when its settings name servers:
	 * the servers' configuration and the client configuration are built once, here, and
	 * the backend's near-cache tracking connects with the same configuration instead of
	 * reading it back from the factory.
	 * @return the backend, or {@code null} when it uses the application's factory
	 */
	private static @Nullable RedisCacheBackend ownBackend(BackendSettings settings,
			ObjectProvider<SslBundles> sslBundles, SharedClientResources clientResources) {
		RedisBackendSettings redis = settings.redis();
		if (redis.servers() == RedisServers.APPLICATION) {
			return null;
		}
		String prefix = BackendProperty.prefix(settings.name());
		Duration timeout = redis.timeout();
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout);
		SocketOptions socketOptions = SocketOptions.builder().connectTimeout(timeout).build();
		SslOptions sslOptions = sslOptions(prefix, redis.sslBundle(), sslBundles);
		if (redis.sslBundle() != null) {
			client.useSsl();
		}
		RedisConfiguration configuration = switch (redis.servers()) {
			case URL -> {
				RedisURI uri = parseUrl(prefix, redis.url());
				// Spring Data Redis reads the URL's credentials as its Lettuce keeps them
				// (Lettuce 7 has no RedisURI.getUsername()).
				RedisConfiguration parsed = LettuceConnectionFactory.createRedisConfiguration(uri);
				Assert.state(parsed instanceof RedisStandaloneConfiguration, "A redis:// URL names one server");
				RedisStandaloneConfiguration standalone = (RedisStandaloneConfiguration) parsed;
				if (uri.isSsl()) {
					client.useSsl();
				}
				client.clientOptions(clientOptions(ClientOptions.builder(), socketOptions, sslOptions).build());
				yield standalone;
			}
			case CLUSTER_NODES -> {
				RedisClusterConfiguration cluster = new RedisClusterConfiguration(redis.clusterNodes());
				cluster.setUsername(redis.username());
				cluster.setPassword(RedisPassword.of(redis.password()));
				Duration refreshPeriod = redis.clusterRefreshPeriod();
				Assert.state(refreshPeriod != null, "A cluster backend has a refresh period");
				ClusterClientOptions.Builder options = ClusterClientOptions.builder()
					.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
						.enableAllAdaptiveRefreshTriggers()
						.adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_TIMEOUT)
						.refreshTriggersReconnectAttempts(1)
						.enablePeriodicRefresh(refreshPeriod)
						.build());
				client.clientOptions(clientOptions(options, socketOptions, sslOptions).build())
					.readFrom(readFrom(redis.readFrom()));
				yield cluster;
			}
			case SENTINEL -> {
				RedisBackendSettings.Sentinel sentinel = redis.sentinel();
				Assert.state(sentinel != null, "A sentinel backend has Sentinels");
				RedisSentinelConfiguration sentinels = new RedisSentinelConfiguration(sentinel.master(),
						new LinkedHashSet<>(sentinel.nodes()));
				sentinels.setUsername(redis.username());
				sentinels.setPassword(RedisPassword.of(redis.password()));
				sentinels.setSentinelPassword(RedisPassword.of(sentinel.password()));
				client.clientOptions(clientOptions(ClientOptions.builder(), socketOptions, sslOptions).build());
				if (redis.readFrom() != ReadFrom.UPSTREAM) {
					client.readFrom(readFrom(redis.readFrom()));
				}
				yield sentinels;
			}
			case APPLICATION -> throw new IllegalStateException("No servers to connect to");
		};
		client.clientResources(SharedClientResources.withOwnEvents(clientResources.acquire()));
		LettuceConnectionFactory factory = new ReleasingConnectionFactory(configuration, client.build(),
				clientResources);
		try {
			factory.afterPropertiesSet();
			factory.start();
		}
		catch (RuntimeException ex) {
			factory.destroy();
			throw ex;
		}
		return RedisCacheBackend.createOwning(settings.name(), factory, configuration);
	}

	/**
	 * A connection factory that releases the shared client resources when destroyed.
	 */
	private static final class ReleasingConnectionFactory extends LettuceConnectionFactory {

		private final SharedClientResources clientResources;

		ReleasingConnectionFactory(RedisConfiguration configuration, LettuceClientConfiguration client,
				SharedClientResources clientResources) {
			super(configuration, client);
			this.clientResources = clientResources;
		}

		@Override
		public void destroy() {
			try {
				super.destroy();
			}
			finally {
				this.clientResources.release();
			}
		}

	}

	/**
	 * The Lettuce resources (event loops, timer) of the Redis backends cacheobj connects
	 * itself: the application's {@link ClientResources} bean when it has one, as Spring
	 * Boot's own Redis connection uses, else one set shared by every such backend instead
	 * of one per backend, created with the first and shut down with the last. cacheobj's
	 * own resources record no command latencies: its operation metrics time the calls.
	 * They reconnect after up to 1, 2, 4 ... ms (random, so that JVMs that lost a server
	 * together do not reconnect in step), but at most {@link #RECONNECT_DELAY_CAP} apart
	 * instead of Lettuce's 30s: a server that returns after an outage serves again within
	 * half a second.
	 */
	static final class SharedClientResources {

		static final Duration RECONNECT_DELAY_CAP = Duration.ofMillis(500);

		private static final Delay RECONNECT_DELAY = Delay.fullJitter(Duration.ofMillis(1), RECONNECT_DELAY_CAP, 2,
				TimeUnit.MILLISECONDS);

		private final ObjectProvider<ClientResources> application;

		private int users;

		private @Nullable ClientResources own;

		SharedClientResources(ObjectProvider<ClientResources> application) {
			this.application = application;
		}

		synchronized ClientResources acquire() {
			ClientResources application = this.application.getIfAvailable();
			if (application != null) {
				return application;
			}
			if (this.users++ == 0) {
				this.own = DefaultClientResources.builder()
					.commandLatencyRecorder(CommandLatencyRecorder.disabled())
					.reconnectDelay(RECONNECT_DELAY)
					.build();
			}
			Assert.state(this.own != null, "No client resources");
			return this.own;
		}

		/**
		 * Return resources that run on the given ones (event loops, timer, reconnect
		 * delay) with an event bus of their own, so that a backend's connection events,
		 * and so its reconnect count, are its own. Not shut down: they own nothing.
		 */
		static ClientResources withOwnEvents(ClientResources shared) {
			return shared.mutate()
				.eventBus(new DefaultEventBus(Schedulers.immediate()))
				.commandLatencyPublisherOptions(DefaultEventPublisherOptions.disabled())
				.build();
		}

		synchronized void release() {
			if (this.own != null && --this.users == 0) {
				this.own.shutdown(0, 2, TimeUnit.SECONDS);
				this.own = null;
			}
		}

	}

	private static io.lettuce.core.ReadFrom readFrom(ReadFrom readFrom) {
		return switch (readFrom) {
			case UPSTREAM -> io.lettuce.core.ReadFrom.UPSTREAM;
			case UPSTREAM_PREFERRED -> io.lettuce.core.ReadFrom.UPSTREAM_PREFERRED;
			case REPLICA -> io.lettuce.core.ReadFrom.REPLICA;
			case REPLICA_PREFERRED -> io.lettuce.core.ReadFrom.REPLICA_PREFERRED;
			case NEAREST -> io.lettuce.core.ReadFrom.LOWEST_LATENCY;
		};
	}

	/**
	 * Apply the options every connection factory of cacheobj's gets: the connect timeout,
	 * TLS material, and commands accepted while the connection reconnects. They are sent,
	 * in order, once it is back, and fail only when their timeout passes first; so a
	 * dropped connection delays calls by the reconnect instead of failing them all (and
	 * opening the circuit breaker), and a server that is really down is cut off by the
	 * breaker once calls have waited its slow-call duration threshold.
	 */
	private static <B extends ClientOptions.Builder> B clientOptions(B builder, SocketOptions socketOptions,
			SslOptions sslOptions) {
		builder.socketOptions(socketOptions)
			.sslOptions(sslOptions)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS);
		return builder;
	}

	private static SslOptions sslOptions(String prefix, @Nullable String bundleName,
			ObjectProvider<SslBundles> sslBundles) {
		if (bundleName == null) {
			return SslOptions.create();
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		SslBundle bundle;
		try {
			if (bundles == null) {
				throw new NoSuchSslBundleException(bundleName, "no SSL bundles are configured");
			}
			bundle = bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidCacheObjPropertyException(prefix + "ssl-bundle", bundleName, "names no SSL bundle",
					"Declare the bundle under spring.ssl.bundle.pem." + bundleName + " or spring.ssl.bundle.jks."
							+ bundleName + ", or correct the name.",
					ex);
		}
		return SslOptions.builder()
			.keyManager(bundle.getManagers().getKeyManagerFactory())
			.trustManager(bundle.getManagers().getTrustManagerFactory())
			.build();
	}

	private static RedisURI parseUrl(String prefix, String url) {
		try {
			RedisURI uri = RedisURI.create(url);
			if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
				throw new IllegalArgumentException("the scheme is not redis or rediss");
			}
			return uri;
		}
		catch (RuntimeException ex) {
			throw new InvalidCacheObjPropertyException(prefix + "url", Secrets.maskUrl(url),
					"is not a valid Redis URL (" + ex.getMessage() + ")",
					"Write it as redis://[user:password@]host[:port][/database], or rediss:// for TLS.", ex);
		}
	}

}
