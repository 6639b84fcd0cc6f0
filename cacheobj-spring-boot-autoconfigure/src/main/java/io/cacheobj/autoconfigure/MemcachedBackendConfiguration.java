package io.cacheobj.autoconfigure;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedDistribution;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedFailureMode;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.MemcachedProtocol;
import io.cacheobj.backend.memcached.MemcachedCacheBackend;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * Creates {@code memcached} backends when spymemcached is on the classpath.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(MemcachedClient.class)
class MemcachedBackendConfiguration {

	private static final String LOGGER_PROPERTY = "net.spy.log.LoggerImpl";

	@Bean
	CacheBackendFactory memcachedCacheBackendFactory() {
		routeClientLoggingToSlf4j();
		return new CacheBackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.MEMCACHED;
			}

			@Override
			public MemcachedCacheBackend create(BackendSettings settings) {
				MemcachedBackendSettings memcached = settings.memcached();
				DataSize itemSize = memcached.maxItemSize();
				MemcachedCacheBackend.Builder builder = MemcachedCacheBackend.builder(settings.name(),
						servers(memcached));
				try {
					builder.maxItemSize(itemSize.toBytes());
				}
				catch (IllegalArgumentException ex) {
					throw new InvalidCacheObjPropertyException(BackendProperty.name(settings.name(), "max-item-size"),
							itemSize.toString(), "is out of range (" + ex.getMessage() + ")",
							"Set it to the servers' item size (memcached -I), at least "
									+ MemcachedCacheBackend.MIN_ITEM_SIZE + " bytes, such as 1MB.",
							ex);
				}
				return builder.timeout(memcached.timeout())
					.binaryProtocol(memcached.protocol() != MemcachedProtocol.TEXT)
					.failureMode(failureMode(memcached.failureMode()))
					.pythonDistribution(memcached.distribution() == MemcachedDistribution.PYTHON_MEMCACHED)
					.build();
			}

		};
	}

	private static FailureMode failureMode(MemcachedFailureMode failureMode) {
		return switch (failureMode) {
			case REDISTRIBUTE -> FailureMode.Redistribute;
			case RETRY -> FailureMode.Retry;
			case CANCEL -> FailureMode.Cancel;
		};
	}

	private static List<InetSocketAddress> servers(MemcachedBackendSettings settings) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (MemcachedConnectionDetails.Server server : settings.connection().getServers()) {
			addresses.add(new InetSocketAddress(server.host(), server.port()));
		}
		return addresses;
	}

	private static void routeClientLoggingToSlf4j() {
		// spymemcached logs to standard error unless told otherwise, through a system
		// property.
		if (System.getProperty(LOGGER_PROPERTY) == null
				&& ClassUtils.isPresent("org.slf4j.Logger", MemcachedBackendConfiguration.class.getClassLoader())) {
			System.setProperty(LOGGER_PROPERTY, "net.spy.memcached.compat.log.SLF4JLogger");
		}
	}

}
