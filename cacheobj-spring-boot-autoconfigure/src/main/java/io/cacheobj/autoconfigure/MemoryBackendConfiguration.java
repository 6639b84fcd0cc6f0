package io.cacheobj.autoconfigure;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.backend.memory.MemoryCacheBackend;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Creates {@code memory} backends when Caffeine is on the classpath.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(Caffeine.class)
class MemoryBackendConfiguration {

	@Bean
	CacheBackendFactory memoryCacheBackendFactory() {
		return new CacheBackendFactory() {

			@Override
			public BackendType type() {
				return BackendType.MEMORY;
			}

			@Override
			public MemoryCacheBackend create(BackendSettings settings) {
				return MemoryCacheBackend.builder(settings.name()).maximumSize(settings.memory().maximumSize()).build();
			}

		};
	}

}
