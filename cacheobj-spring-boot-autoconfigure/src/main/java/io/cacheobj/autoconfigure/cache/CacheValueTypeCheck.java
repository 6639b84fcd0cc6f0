package io.cacheobj.autoconfigure.cache;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.CompletionStage;

import io.cacheobj.cache.CacheObjCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.cache.interceptor.CacheOperationSource;
import org.springframework.cache.interceptor.CachePutOperation;
import org.springframework.cache.interceptor.CacheableOperation;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Checks, once every singleton exists, that cacheobj's Spring cache trusts the return
 * types of the {@code @Cacheable} and {@code @CachePut} methods of the application's
 * beans, as Spring's {@link CacheOperationSource} lists them, so that a cache that would
 * refuse every value stops start-up instead: the type, its type arguments and array
 * components, unwrapped from {@code Optional}, futures and Reactor's types; a type known
 * only as an interface or abstract class of the JDK, or as {@code Object}, is checked
 * when its values are stored.
 */
class CacheValueTypeCheck implements SmartInitializingSingleton {

	private static final Set<String> WRAPPERS = Set.of(Optional.class.getName(), Future.class.getName(),
			CompletionStage.class.getName(), "java.util.concurrent.CompletableFuture", "reactor.core.publisher.Mono",
			"reactor.core.publisher.Flux", "org.reactivestreams.Publisher");

	private final ConfigurableListableBeanFactory beanFactory;

	private final ObjectProvider<CacheOperationSource> operationSource;

	private final ObjectProvider<CacheObjCacheManager> cacheManagerProvider;

	private final String cacheManagerName;

	CacheValueTypeCheck(ConfigurableListableBeanFactory beanFactory, ObjectProvider<CacheOperationSource> operations,
			ObjectProvider<CacheObjCacheManager> cacheManager, String cacheManagerName) {
		this.beanFactory = beanFactory;
		this.operationSource = operations;
		this.cacheManagerProvider = cacheManager;
		this.cacheManagerName = cacheManagerName;
	}

	@Override
	public void afterSingletonsInstantiated() {
		CacheOperationSource operations = this.operationSource.getIfUnique();
		CacheObjCacheManager cacheManager = this.cacheManagerProvider.getIfUnique();
		if (operations == null || cacheManager == null) {
			return;
		}
		List<UntrustedCacheValueTypeException.Problem> problems = new ArrayList<>();
		Set<Class<?>> checked = new LinkedHashSet<>();
		for (String name : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> userClass = userClass(name);
			if (userClass != null && checked.add(userClass) && operations.isCandidateClass(userClass)) {
				try {
					ReflectionUtils.doWithMethods(userClass,
							(method) -> check(operations, cacheManager, method, userClass, problems),
							ReflectionUtils.USER_DECLARED_METHODS);
				}
				catch (LinkageError ex) {
					// A method names a class that is not on the classpath: Spring's own
					// proxying skips such a bean too.
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new UntrustedCacheValueTypeException(problems);
		}
	}

	private @Nullable Class<?> userClass(String name) {
		try {
			BeanDefinition definition = this.beanFactory.getMergedBeanDefinition(name);
			if (definition.isAbstract() || definition.getRole() == BeanDefinition.ROLE_INFRASTRUCTURE) {
				return null;
			}
			Class<?> type = this.beanFactory.getType(name, false);
			return (type != null) ? ClassUtils.getUserClass(type) : null;
		}
		catch (RuntimeException | LinkageError ex) {
			return null;
		}
	}

	private void check(CacheOperationSource source, CacheObjCacheManager cacheManager, Method method,
			Class<?> targetClass, List<UntrustedCacheValueTypeException.Problem> problems) {
		Collection<CacheOperation> operations = source.getCacheOperations(method, targetClass);
		if (operations == null || operations.isEmpty()) {
			return;
		}
		Set<String> caches = new LinkedHashSet<>();
		for (CacheOperation operation : operations) {
			if ((operation instanceof CacheableOperation || operation instanceof CachePutOperation)
					&& operation.getCacheResolver().isEmpty() && (operation.getCacheManager().isEmpty()
							|| operation.getCacheManager().equals(this.cacheManagerName))) {
				caches.addAll(operation.getCacheNames());
			}
		}
		if (caches.isEmpty()) {
			return;
		}
		ResolvableType returned = unwrap(ResolvableType.forMethodReturnType(method, targetClass));
		String untrusted = untrusted(cacheManager, returned, 0);
		if (untrusted != null) {
			Class<?> resolved = returned.resolve();
			problems.add(new UntrustedCacheValueTypeException.Problem(
					targetClass.getName() + "." + method.getName() + "(" + parameters(method) + ")",
					List.copyOf(caches), (resolved != null) ? resolved.getName() : returned.toString(), untrusted));
		}
	}

	private static ResolvableType unwrap(ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw != null && (WRAPPERS.contains(raw.getName()) || isWrapper(raw))) {
			return unwrap(type.getGeneric(0));
		}
		return type;
	}

	private static boolean isWrapper(Class<?> raw) {
		return Future.class.isAssignableFrom(raw) || CompletionStage.class.isAssignableFrom(raw);
	}

	/**
	 * Return the first type, the type itself or one of its type arguments or components,
	 * whose values would not be trusted.
	 */
	private static @Nullable String untrusted(CacheObjCacheManager cacheManager, ResolvableType type, int depth) {
		Class<?> raw = type.resolve();
		if (raw == null || depth > 8) {
			return null;
		}
		if (raw.isArray()) {
			return untrusted(cacheManager, type.getComponentType(), depth + 1);
		}
		Class<?> boxed = ClassUtils.resolvePrimitiveIfNecessary(raw);
		if (boxed != void.class && boxed != Void.class && boxed != Object.class && isConcrete(boxed)
				&& !cacheManager.isTrustedType(boxed)) {
			return boxed.getName();
		}
		for (ResolvableType generic : type.getGenerics()) {
			String nested = untrusted(cacheManager, generic, depth + 1);
			if (nested != null) {
				return nested;
			}
		}
		return null;
	}

	/**
	 * Whether the values of a declared type are of that type or of types that its package
	 * names: the JDK's interfaces and abstract classes are implemented elsewhere.
	 */
	private static boolean isConcrete(Class<?> type) {
		boolean open = type.isInterface() || Modifier.isAbstract(type.getModifiers());
		return !open || !type.getName().startsWith("java.");
	}

	private static String parameters(Method method) {
		List<String> names = new ArrayList<>();
		for (Class<?> parameter : method.getParameterTypes()) {
			names.add(parameter.getSimpleName());
		}
		return String.join(", ", names);
	}

}
