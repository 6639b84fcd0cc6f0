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

	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(StarterContext.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

}
