package io.cacheobj.test.autoconfigure;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Sets {@code cacheobj.test.replace} from the {@link AutoConfigureCacheObj} nearest a
 * test class, as text, since the auto-configuration binds it to its own enum.
 */
class AutoConfigureCacheObjContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		AutoConfigureCacheObj annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				AutoConfigureCacheObj.class);
		return (annotation != null) ? new ReplaceContextCustomizer(annotation.replace().name().toLowerCase(Locale.ROOT))
				: null;
	}

	/**
	 * Adds {@code cacheobj.test.replace} ahead of every other property source.
	 *
	 * @param replace the property's value
	 */
	record ReplaceContextCustomizer(String replace) implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("cacheobjTest", Map.of("cacheobj.test.replace", this.replace)));
		}

	}

}
