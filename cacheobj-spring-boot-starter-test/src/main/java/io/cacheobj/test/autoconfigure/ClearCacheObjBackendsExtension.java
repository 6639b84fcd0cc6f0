package io.cacheobj.test.autoconfigure;

import java.util.Set;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Empties the backends of a {@link ClearCacheObjBackends} test's application context
 * before each test.
 */
class ClearCacheObjBackendsExtension implements BeforeEachCallback {

	@Override
	public void beforeEach(ExtensionContext context) {
		Set<String> remote = AnnotationSupport
			.findAnnotation(context.getRequiredTestClass(), ClearCacheObjBackends.class)
			.map((annotation) -> Set.of(annotation.remote()))
			.orElse(Set.of());
		BackendCleaner.clear(SpringExtension.getApplicationContext(context), remote);
	}

}
