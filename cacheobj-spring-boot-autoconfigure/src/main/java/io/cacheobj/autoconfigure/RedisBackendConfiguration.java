package io.cacheobj.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.cacheobj.autoconfigure.CacheBackendSettings.Resolved;
import io.cacheobj.autoconfigure.CacheObjProperties.Backend;
import io.cacheobj.autoconfigure.CacheObjProperties.BackendType;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.near.InvalidationSource;
import io.cacheobj.backend.redis.RedisCacheBackend;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;

/**
 * Creates {@code redis} backends when Spring Data Redis and Lettuce are on the classpath:
 * on their own connection factory when {@code url} or {@code cluster-nodes} is set, else
 * on the application's {@link RedisConnectionFactory}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
class RedisBackendConfiguration {

	@Bean
	CacheBackendFactory redisCacheBackendFactory(ObjectProvider<RedisConnectionFactory> applicationConnectionFactory,
			ObjectProvider<SslBundles> sslBundles) {
		return new CacheBackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.REDIS;
			}

			@Override
			public RedisCacheBackend create(Resolved settings) {
				LettuceConnectionFactory own = connectionFactory(settings, sslBundles);
				if (own != null) {
					return RedisCacheBackend.createOwning(settings.name(), own);
				}
				RedisConnectionFactory shared = applicationConnectionFactory.getIfAvailable();
				String prefix = "cacheobj.backends." + settings.name() + ".";
				if (shared == null) {
					throw new InvalidCacheObjPropertyException(prefix + "url", null,
							"is not set, and the application has no RedisConnectionFactory to use instead",
							"Set " + prefix + "url (such as redis://localhost:6379) or " + prefix
									+ "cluster-nodes, or add org.springframework.boot:spring-boot-starter-data-redis"
									+ " and configure spring.data.redis.*.");
				}
				try {
					return RedisCacheBackend.create(settings.name(), shared);
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidCacheObjPropertyException(prefix + "url", null,
							"is not set, and the application's RedisConnectionFactory is not Lettuce's ("
									+ shared.getClass().getSimpleName() + ")",
							"Set " + prefix + "url or " + prefix + "cluster-nodes, or use Lettuce for spring.data.redis"
									+ " (spring-boot-starter-data-redis's default client).",
							ex);
				}
			}

			@Override
			public InvalidationSource invalidations(Resolved settings, CacheBackend backend) {
				return ((RedisCacheBackend) backend).invalidations();
			}

		};
	}

	private static @Nullable LettuceConnectionFactory connectionFactory(Resolved settings,
			ObjectProvider<SslBundles> sslBundles) {
		Backend properties = settings.properties();
		String prefix = "cacheobj.backends." + settings.name() + ".";
		boolean hasUrl = StringUtils.hasText(properties.getUrl());
		boolean hasNodes = !properties.getClusterNodes().isEmpty();
		if (hasUrl && hasNodes) {
			throw new InvalidCacheObjPropertyException(prefix + "url", Secrets.maskUrl(properties.getUrl()),
					"is set together with " + prefix + "cluster-nodes", "Set " + prefix
							+ "url for a standalone server or " + prefix + "cluster-nodes for a cluster, not both.");
		}
		if (!hasUrl && !hasNodes) {
			return null;
		}
		Duration timeout = settings.requiredTimeout();
		LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder()
			.commandTimeout(timeout);
		SocketOptions socketOptions = SocketOptions.builder().connectTimeout(timeout).build();
		SslOptions sslOptions = sslOptions(prefix, properties.getSslBundle(), sslBundles);
		LettuceConnectionFactory factory;
		if (hasUrl) {
			RedisURI uri = parseUrl(prefix, properties.getUrl());
			RedisStandaloneConfiguration standalone = new RedisStandaloneConfiguration(uri.getHost(), uri.getPort());
			standalone.setDatabase(uri.getDatabase());
			standalone.setUsername(uri.getUsername());
			if (uri.getPassword() != null) {
				standalone.setPassword(RedisPassword.of(uri.getPassword()));
			}
			if (uri.isSsl() || properties.getSslBundle() != null) {
				client.useSsl();
			}
			client.clientOptions(clientOptions(ClientOptions.builder(), socketOptions, sslOptions).build());
			factory = new LettuceConnectionFactory(standalone, client.build());
		}
		else {
			RedisClusterConfiguration cluster = clusterConfiguration(prefix, properties.getClusterNodes());
			cluster.setUsername(properties.getUsername());
			if (properties.getPassword() != null) {
				cluster.setPassword(RedisPassword.of(properties.getPassword()));
			}
			if (properties.getSslBundle() != null) {
				client.useSsl();
			}
			ClusterClientOptions.Builder options = ClusterClientOptions.builder()
				.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
					.enableAllAdaptiveRefreshTriggers()
					.enablePeriodicRefresh(Duration.ofSeconds(30))
					.build());
			client.clientOptions(clientOptions(options, socketOptions, sslOptions).build());
			factory = new LettuceConnectionFactory(cluster, client.build());
		}
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	/**
	 * Apply the options every connection factory of cacheobj's gets: the connect timeout,
	 * TLS material, and commands refused at once while disconnected, so that a server
	 * that is down fails calls within their timeout instead of queueing them.
	 */
	private static <B extends ClientOptions.Builder> B clientOptions(B builder, SocketOptions socketOptions,
			SslOptions sslOptions) {
		builder.socketOptions(socketOptions)
			.sslOptions(sslOptions)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
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

	private static RedisClusterConfiguration clusterConfiguration(String prefix, List<String> nodes) {
		try {
			return new RedisClusterConfiguration(nodes);
		}
		catch (RuntimeException ex) {
			throw new InvalidCacheObjPropertyException(prefix + "cluster-nodes", String.join(",", nodes),
					"is not a list of host:port (" + ex.getMessage() + ")",
					"List the cluster's nodes as host:port, such as 10.0.0.1:7000,10.0.0.2:7000.", ex);
		}
	}

}
