package io.cacheobj.autoconfigure.health;

import java.util.LinkedHashMap;
import java.util.Map;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.health.CacheBackendHealthIndicator;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a health contributor {@code cacheobj} with one indicator per
 * backend; {@code management.health.cacheobj.enabled=false} turns it off.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CacheObjAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, CacheBackend.class })
@ConditionalOnBean(CacheObjBinding.class)
@ConditionalOnEnabledHealthIndicator("cacheobj")
public final class CacheObjHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "cacheobjHealthContributor")
	CompositeHealthContributor cacheobjHealthContributor(CacheBackendSettings settings, CacheObjBinding binding,
			Map<String, CacheBackend> beans) {
		Map<String, CacheBackendHealthIndicator> indicators = new LinkedHashMap<>();
		binding.backends().forEach((name, backend) -> {
			CacheBackend bean = beans.getOrDefault(name, backend);
			indicators.put(name, new CacheBackendHealthIndicator(backend, settings.describe(name, bean),
					binding.nearCacheStatistics().get(name)));
		});
		return CompositeHealthContributor.fromMap(indicators);
	}

}
