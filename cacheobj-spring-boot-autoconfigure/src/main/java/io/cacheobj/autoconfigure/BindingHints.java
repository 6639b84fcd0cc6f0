package io.cacheobj.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Set;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheId;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

/**
 * Registers what the binding reaches by reflection in a class, so that it works in a
 * native image: {@link CacheEntity} classes and records, and beans with
 * {@link CachedProperty} fields.
 */
final class BindingHints {

	private static final Set<Class<?>> SCALARS = Set.of(String.class, Long.class, Integer.class, Short.class,
			Byte.class, Double.class, Float.class, Boolean.class, BigInteger.class, BigDecimal.class, byte[].class);

	private static final BindingReflectionHintsRegistrar JSON_TYPES = new BindingReflectionHintsRegistrar();

	private BindingHints() {
	}

	static void register(RuntimeHints hints, Class<?> type) {
		ReflectionHints reflection = hints.reflection();
		if (type.isRecord()) {
			// The binding reads the components and calls the canonical constructor.
			reflection.registerType(type, MemberCategory.ACCESS_DECLARED_FIELDS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS);
			for (RecordComponent component : type.getRecordComponents()) {
				reflection.registerMethod(component.getAccessor(), ExecutableMode.INVOKE);
			}
		}
		else if (type.isAnnotationPresent(CacheEntity.class)) {
			// Classes are built with their constructor without arguments.
			reflection.registerType(type, MemberCategory.ACCESS_DECLARED_FIELDS,
					MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			Class<?> declaring = current;
			ReflectionUtils.doWithLocalFields(declaring, (field) -> {
				if (field.isAnnotationPresent(CachedProperty.class) || field.isAnnotationPresent(CacheId.class)) {
					reflection.registerField(field);
					registerValueType(reflection, field);
				}
			});
		}
	}

	private static void registerValueType(ReflectionHints reflection, Field field) {
		if (field.getType() != CachedValue.class) {
			return;
		}
		ResolvableType valueType = ResolvableType.forField(field).getGeneric(0);
		Class<?> resolved = valueType.resolve();
		if (resolved == null || SCALARS.contains(resolved)) {
			return;
		}
		if (resolved.isEnum()) {
			reflection.registerType(resolved, MemberCategory.INVOKE_PUBLIC_METHODS);
			return;
		}
		Type type = valueType.getType();
		JSON_TYPES.registerReflectionHints(reflection, type);
	}

}
