package io.cacheobj.benchmarks;

import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.metrics.CacheObjMetricsAutoConfiguration;
import io.cacheobj.autoconfigure.resilience.CacheObjResilienceAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application context configured only from properties, as a user's: the
 * starter's auto-configurations with their defaults (the circuit breaker on remote
 * backends included), so benchmarks measure what applications run.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ CacheObjAutoConfiguration.class, CacheObjResilienceAutoConfiguration.class,
		CacheObjMetricsAutoConfiguration.class })
@CacheEntityScan(basePackageClasses = BenchUser.class)
class StarterContext {

	/**
	 * Start the benchmarks' application: backend {@code near} (Redis with a near cache,
	 * the default), {@code plain} (the same Redis without) and {@code memcached}, each
	 * configured only by its URL or servers.
	 */
	static ConfigurableApplicationContext start() {
		String redis = "redis://127.0.0.1:" + BenchData.port("redis.port");
		return start("cacheobj.default-backend=near", "cacheobj.backends.near.type=redis",
				"cacheobj.backends.near.url=" + redis, "cacheobj.backends.near.near-cache.enabled=true",
				"cacheobj.backends.near.near-cache.maximum-size=100000", "cacheobj.backends.plain.type=redis",
				"cacheobj.backends.plain.url=" + redis, "cacheobj.backends.memcached.type=memcached",
				"cacheobj.backends.memcached.servers=127.0.0.1:" + BenchData.port("memcached.port"));
	}

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(StarterContext.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

}
