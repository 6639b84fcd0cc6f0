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
 * The constructor call and the field writes are composed once into one method handle,
 * {@code (id, properties) -> object}: an object bound per request then costs one
 * allocation and plain field writes, not a reflective call per field.
 *
 * @param <T> the entity type
 */
final class EntityInstantiator<T> {

	private static final MethodType FACTORY_TYPE = MethodType.methodType(Object.class, Object.class,
			BoundProperty[].class);

	private static final MethodHandle PROPERTY = MethodHandles.arrayElementGetter(BoundProperty[].class);

	private final Class<T> type;

	/** {@code (Object id, BoundProperty[] properties) -> Object}. */
	private final MethodHandle factory;

	private EntityInstantiator(Class<T> type, MethodHandle factory) {
		this.type = type;
		this.factory = factory.asType(FACTORY_TYPE);
	}

	/**
	 * Return the instantiator of a class: its constructor without arguments, then the id
	 * field and the property fields written.
	 * @param type the class
	 * @param constructor its constructor without arguments, accessible
	 * @param idField the id field, accessible, or {@code null}
	 * @param propertyFields the property fields, accessible, in the order of the bound
	 * properties
	 * @return the instantiator
	 */
	static <T> EntityInstantiator<T> ofClass(Class<T> type, Constructor<T> constructor, @Nullable Field idField,
			Field[] propertyFields) {
		MethodHandles.Lookup lookup = MethodHandles.lookup();
		try {
			// (T, Object, BoundProperty[]) -> T, writing each field before returning the
			// object
			MethodHandle body = MethodHandles.dropArguments(MethodHandles.identity(type), 1, Object.class,
					BoundProperty[].class);
			for (int i = propertyFields.length - 1; i >= 0; i--) {
				MethodHandle setter = lookup.unreflectSetter(propertyFields[i]);
				MethodHandle value = property(i, propertyFields[i].getType());
				MethodHandle write = MethodHandles.filterArguments(setter, 1, value);
				body = MethodHandles.foldArguments(body, MethodHandles.dropArguments(write, 1, Object.class)
					.asType(MethodType.methodType(void.class, type, Object.class, BoundProperty[].class)));
			}
			if (idField != null) {
				MethodHandle setter = lookup.unreflectSetter(idField);
				MethodHandle write = MethodHandles.dropArguments(
						setter.asType(MethodType.methodType(void.class, type, Object.class)), 2, BoundProperty[].class);
				body = MethodHandles.foldArguments(body, write);
			}
			MethodHandle create = lookup.unreflectConstructor(constructor);
			return new EntityInstantiator<>(type, MethodHandles.foldArguments(body, create));
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
	 * index of a bound property
	 * @return the instantiator
	 */
	static <T> EntityInstantiator<T> ofRecord(Class<T> type, Constructor<T> constructor, int[] arguments) {
		try {
			MethodHandle create = MethodHandles.lookup().unreflectConstructor(constructor);
			Class<?>[] parameterTypes = constructor.getParameterTypes();
			// each argument becomes a function of (id, properties); then all share them
			for (int i = arguments.length - 1; i >= 0; i--) {
				MethodHandle argument = (arguments[i] < 0)
						? MethodHandles.dropArguments(
								MethodHandles.identity(Object.class)
									.asType(MethodType.methodType(parameterTypes[i], Object.class)),
								1, BoundProperty[].class)
						: MethodHandles.dropArguments(property(arguments[i], parameterTypes[i]), 0, Object.class);
				create = MethodHandles.collectArguments(create, i, argument);
			}
			int[] reorder = new int[arguments.length * 2];
			for (int i = 0; i < reorder.length; i++) {
				reorder[i] = i % 2;
			}
			MethodHandle factory = MethodHandles
				.permuteArguments(create.asType(create.type().changeReturnType(Object.class)), FACTORY_TYPE, reorder);
			return new EntityInstantiator<>(type, factory);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Cannot build " + type.getName(), ex);
		}
	}

	/**
	 * {@code (BoundProperty[] properties) -> properties[index]}, typed as the field.
	 */
	private static MethodHandle property(int index, Class<?> fieldType) {
		return MethodHandles.insertArguments(PROPERTY, 1, index)
			.asType(MethodType.methodType(fieldType, BoundProperty[].class));
	}

	/**
	 * Build an object holding the id and the bound properties.
	 * @param id the id, of the id field's type
	 * @param bound the bound properties
	 * @return the object
	 * @throws IllegalStateException when the constructor throws
	 */
	@SuppressWarnings("unchecked")
	T newInstance(Object id, BoundProperty[] bound) {
		try {
			return (T) this.factory.invokeExact(id, bound);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Constructor of " + this.type.getName() + " failed", ex);
		}
	}

}
