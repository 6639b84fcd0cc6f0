package io.cacheobj.autoconfigure.actuate;

import java.util.Map;
import java.util.TreeMap;

import io.cacheobj.actuate.CacheObjEndpoint;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheObjCacheManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code cacheobj} actuator endpoint, and of a
 * {@link SanitizingFunction} that hides cacheobj's passwords and URL credentials in
 * {@code configprops} and {@code env} even when their values are shown, and the variables
 * or properties they take their values from through placeholders.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = CacheObjAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, CacheBackend.class })
@ConditionalOnBean(CacheObjBinding.class)
public final class CacheObjEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(CacheObjEndpoint.class)
	CacheObjEndpoint cacheObjEndpoint(CacheObjBinding binding, CacheBackendSettings settings,
			Map<String, CacheBackend> backends, ObjectProvider<CacheObjCacheManager> cacheManager) {
		Map<String, Map<String, Object>> descriptions = new TreeMap<>();
		backends.forEach((name, backend) -> descriptions.put(name, settings.describe(name, backend)));
		return new CacheObjEndpoint(binding, descriptions, cacheManager::getIfUnique);
	}

	@Bean
	SanitizingFunction cacheObjSanitizingFunction(CacheBackendSettings settings) {
		return new CacheObjSanitizingFunction(settings);
	}

}
