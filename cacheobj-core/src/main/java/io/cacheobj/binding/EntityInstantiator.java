package io.cacheobj.binding;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

/**
 * Builds the objects of one entity type around their id and bound properties.
 * <p>
 * The constructor call and the field writes are composed once into method handles: an
 * object bound per request then costs its allocations and plain field writes, not a
 * reflective call per field. One handle takes properties already bound; the other binds
 * them itself from their keys, so that an object read by {@code repository.get} allocates
 * nothing but itself and its property objects.
 *
 * @param <T> the entity type
 */
final class EntityInstantiator<T> {

	private static final MethodHandle PROPERTY = MethodHandles.arrayElementGetter(BoundProperty[].class);

	private static final MethodHandle KEY = MethodHandles.arrayElementGetter(String[].class);

	private static final MethodHandle BIND;

	static {
		try {
			BIND = MethodHandles.lookup()
				.findVirtual(PropertyMetadata.class, "bind", MethodType.methodType(BoundProperty.class, String.class));
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Class<T> type;

	/** {@code (Object id, BoundProperty[] properties) -> Object}. */
	private final MethodHandle fromProperties;

	/** {@code (Object id, String[] keys) -> Object}. */
	private final MethodHandle fromKeys;

	private EntityInstantiator(Class<T> type, MethodHandle fromProperties, MethodHandle fromKeys) {
		this.type = type;
		this.fromProperties = fromProperties;
		this.fromKeys = fromKeys;
	}

	/**
	 * Return the instantiator of a class: its constructor without arguments, then the id
	 * field and the property fields written.
	 * @param type the class
	 * @param constructor its constructor without arguments, accessible
	 * @param idField the id field, accessible, or {@code null}
	 * @param properties the properties, their fields accessible
	 * @return the instantiator
	 */
	static <T> EntityInstantiator<T> ofClass(Class<T> type, Constructor<T> constructor, @Nullable Field idField,
			PropertyMetadata[] properties) {
		try {
			return new EntityInstantiator<>(type,
					ofClass(type, constructor, idField, properties, Source.properties(properties)),
					ofClass(type, constructor, idField, properties, Source.keys(properties)));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot build " + type.getName(), ex);
		}
	}

	/**
	 * Return the instantiator of a record: its canonical constructor, called with the id
	 * and the bound properties.
	 * @param type the record class
	 * @param constructor its canonical constructor, accessible
	 * @param arguments what each constructor argument is: {@code -1} for the id, else the
	 * index of a property
	 * @param properties the properties
	 * @return the instantiator
	 */
	static <T> EntityInstantiator<T> ofRecord(Class<T> type, Constructor<T> constructor, int[] arguments,
			PropertyMetadata[] properties) {
		try {
			return new EntityInstantiator<>(type, ofRecord(constructor, arguments, Source.properties(properties)),
					ofRecord(constructor, arguments, Source.keys(properties)));
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot build " + type.getName(), ex);
		}
	}

	/**
	 * {@code (Object id, S source) -> Object}: a new object, then its id field and each
	 * property field written.
	 */
	private static MethodHandle ofClass(Class<?> type, Constructor<?> constructor, @Nullable Field idField,
			PropertyMetadata[] properties, Source source) throws IllegalAccessException {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		MethodType write = MethodType.methodType(void.class, type, Object.class, source.type());
		// (T, Object, S) -> T, writing each field before returning the object
		MethodHandle body = MethodHandles.dropArguments(MethodHandles.identity(type), 1, Object.class, source.type());
		for (int i = properties.length - 1; i >= 0; i--) {
			Field field = properties[i].field();
			MethodHandle setter = MethodHandles.filterArguments(lookup.unreflectSetter(field), 1,
					source.property(i, field.getType()));
			body = MethodHandles.foldArguments(body,
					MethodHandles.dropArguments(setter, 1, Object.class).asType(write));
		}
		if (idField != null) {
			MethodHandle setter = lookup.unreflectSetter(idField)
				.asType(MethodType.methodType(void.class, type, Object.class));
			body = MethodHandles.foldArguments(body, MethodHandles.dropArguments(setter, 2, source.type()));
		}
		MethodHandle create = MethodHandles.foldArguments(body, lookup.unreflectConstructor(constructor));
		return create.asType(MethodType.methodType(Object.class, Object.class, source.type()));
	}

	/**
	 * {@code (Object id, S source) -> Object}: the canonical constructor, each argument a
	 * function of the id and the source.
	 */
	private static MethodHandle ofRecord(Constructor<?> constructor, int[] arguments, Source source)
			throws IllegalAccessException {
		MethodHandle create = MethodHandles.lookup().unreflectConstructor(constructor);
		Class<?>[] parameterTypes = constructor.getParameterTypes();
		for (int i = arguments.length - 1; i >= 0; i--) {
			MethodHandle argument = (arguments[i] < 0)
					? MethodHandles.dropArguments(MethodHandles.identity(Object.class)
						.asType(MethodType.methodType(parameterTypes[i], Object.class)), 1, source.type())
					: MethodHandles.dropArguments(source.property(arguments[i], parameterTypes[i]), 0, Object.class);
			create = MethodHandles.collectArguments(create, i, argument);
		}
		// every argument now takes (id, source): pass the same two to each
		int[] reorder = new int[arguments.length * 2];
		for (int i = 0; i < reorder.length; i++) {
			reorder[i] = i % 2;
		}
		MethodType factoryType = MethodType.methodType(Object.class, Object.class, source.type());
		return MethodHandles.permuteArguments(create.asType(create.type().changeReturnType(Object.class)), factoryType,
				reorder);
	}

	/**
	 * Build an object holding the id and properties already bound.
	 * @param id the id, of the id field's type
	 * @param bound the bound properties, in the order of the entity's properties
	 * @return the object
	 * @throws IllegalStateException when the constructor throws
	 */
	@SuppressWarnings("unchecked")
	T newInstance(Object id, BoundProperty[] bound) {
		try {
			return (T) this.fromProperties.invokeExact(id, bound);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Constructor of " + this.type.getName() + " failed", ex);
		}
	}

	/**
	 * Build an object holding the id and its properties bound to the given keys.
	 * @param id the id, of the id field's type
	 * @param keys the properties' keys, in the order of the entity's properties
	 * @return the object
	 * @throws IllegalStateException when the constructor throws
	 */
	@SuppressWarnings("unchecked")
	T newInstance(Object id, String[] keys) {
		try {
			return (T) this.fromKeys.invokeExact(id, keys);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Constructor of " + this.type.getName() + " failed", ex);
		}
	}

	/**
	 * Where the property objects come from: an array of bound properties, or an array of
	 * keys each bound by its property.
	 */
	private record Source(Class<?> type, MethodHandle[] properties) {

		static Source properties(PropertyMetadata[] properties) {
			MethodHandle[] handles = new MethodHandle[properties.length];
			for (int i = 0; i < handles.length; i++) {
				handles[i] = MethodHandles.insertArguments(PROPERTY, 1, i);
			}
			return new Source(BoundProperty[].class, handles);
		}

		static Source keys(PropertyMetadata[] properties) {
			MethodHandle[] handles = new MethodHandle[properties.length];
			for (int i = 0; i < handles.length; i++) {
				handles[i] = MethodHandles.filterArguments(BIND.bindTo(properties[i]), 0,
						MethodHandles.insertArguments(KEY, 1, i));
			}
			return new Source(String[].class, handles);
		}

		/**
		 * {@code (S source) -> property}, typed as the field.
		 */
		MethodHandle property(int index, Class<?> fieldType) {
			return this.properties[index].asType(MethodType.methodType(fieldType, this.type));
		}

	}

}
