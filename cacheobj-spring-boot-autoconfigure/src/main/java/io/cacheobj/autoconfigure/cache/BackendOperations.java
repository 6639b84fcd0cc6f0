package io.cacheobj.autoconfigure.cache;

import java.time.Duration;

import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;

import org.springframework.util.ReflectionUtils;

/**
 * Which optional operations of the {@link CacheBackend} SPI a backend implements: those
 * whose default throws {@link UnsupportedOperationException} and that its class (the
 * bean, before any decorator) overrides.
 */
final class BackendOperations {

	static final String SET_IF_ABSENT = "setIfAbsent";

	static final String COMPARE_AND_SET = "compareAndSet";

	static final String DELETE_BY_PREFIX = "deleteByPrefix";

	private BackendOperations() {
	}

	static boolean implemented(CacheBackend backend, String operation) {
		Class<?>[] parameters = switch (operation) {
			case SET_IF_ABSENT -> new Class<?>[] { String.class, StoredValue.class, Duration.class };
			case COMPARE_AND_SET ->
				new Class<?>[] { String.class, StoredValue.class, StoredValue.class, Duration.class };
			case DELETE_BY_PREFIX -> new Class<?>[] { String.class };
			default -> throw new IllegalArgumentException("Unknown operation " + operation);
		};
		java.lang.reflect.Method method = ReflectionUtils.findMethod(backend.getClass(), operation, parameters);
		return method != null && method.getDeclaringClass() != CacheBackend.class;
	}

}
