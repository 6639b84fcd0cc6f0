package io.cacheobj.binding;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.EntityMetadata.BackendGroup;

import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.util.Assert;

/**
 * The {@link CacheEntityRepository}: binds objects to ids and reads or deletes their
 * properties with one bulk call per backend.
 */
final class DefaultCacheEntityRepository implements CacheEntityRepository {

	private final Function<Class<?>, EntityMetadata<?>> metadata;

	private final ConversionService conversionService;

	DefaultCacheEntityRepository(Function<Class<?>, EntityMetadata<?>> metadata, ConversionService conversionService) {
		this.metadata = metadata;
		this.conversionService = conversionService;
	}

	@Override
	public <T> T get(Class<T> type, Object id) {
		return bind(metadata(type), id).entity();
	}

	@Override
	public <T> T load(Class<T> type, Object id) {
		Bound<T> bound = bind(metadata(type), id);
		read(bound.metadata().valueGroups(), List.of(bound));
		return bound.entity();
	}

	@Override
	public <T> List<T> loadAll(Class<T> type, Collection<?> ids) {
		Assert.notNull(ids, "'ids' must not be null");
		EntityMetadata<T> metadata = metadata(type);
		List<Bound<T>> bound = new ArrayList<>(ids.size());
		for (Object id : ids) {
			bound.add(bind(metadata, id));
		}
		read(metadata.valueGroups(), bound);
		List<T> entities = new ArrayList<>(bound.size());
		for (Bound<T> each : bound) {
			entities.add(each.entity());
		}
		return entities;
	}

	@Override
	public <T> Optional<T> findById(Class<T> type, Object id) {
		Bound<T> bound = bind(metadata(type), id);
		boolean found = read(bound.metadata().allGroups(), List.of(bound));
		return found ? Optional.of(bound.entity()) : Optional.empty();
	}

	@Override
	public boolean exists(Class<?> type, Object id) {
		EntityMetadata<?> metadata = metadata(type);
		BoundProperty[] properties = metadata.bind(idText(metadata, id));
		for (BackendGroup group : metadata.allGroups()) {
			List<BoundProperty> grouped = new ArrayList<>(group.indexes().length);
			for (int index : group.indexes()) {
				grouped.add(properties[index]);
			}
			if (!getAll(group, grouped).isEmpty()) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void delete(Class<?> type, Object id) {
		EntityMetadata<?> metadata = metadata(type);
		delete(metadata, metadata.bind(idText(metadata, id)));
	}

	@Override
	public void delete(Object entity) {
		Assert.notNull(entity, "'entity' must not be null");
		EntityMetadata<?> metadata = metadata(entity.getClass());
		delete(metadata, metadata.boundProperties(entity));
	}

	private void delete(EntityMetadata<?> metadata, BoundProperty[] properties) {
		for (BackendGroup group : metadata.allGroups()) {
			group.backend().deleteAll(keys(group, properties));
		}
	}

	/**
	 * Read the groups' properties of every object, one bulk read per backend, and hand
	 * each property what was found.
	 * @return whether anything was found
	 */
	private boolean read(List<BackendGroup> groups, List<? extends Bound<?>> bound) {
		boolean found = false;
		for (BackendGroup group : groups) {
			List<BoundProperty> properties = new ArrayList<>(group.indexes().length * bound.size());
			for (Bound<?> each : bound) {
				for (int index : group.indexes()) {
					properties.add(each.properties()[index]);
				}
			}
			Map<String, StoredValue> values = getAll(group, properties);
			found |= !values.isEmpty();
			for (Bound<?> each : bound) {
				for (int index : group.indexes()) {
					BoundProperty property = each.properties()[index];
					property.loaded(values.get(property.key()));
				}
			}
		}
		return found;
	}

	private static Map<String, StoredValue> getAll(BackendGroup group, List<BoundProperty> properties) {
		if (properties.isEmpty()) {
			return Map.of();
		}
		List<String> keys = new ArrayList<>(properties.size());
		BitSet counters = group.hasCounters() ? new BitSet(properties.size()) : null;
		for (int i = 0; i < properties.size(); i++) {
			BoundProperty property = properties.get(i);
			keys.add(property.key());
			if (counters != null && property.metadata().counter()) {
				counters.set(i);
			}
		}
		return group.backend().getAll(keys, counters);
	}

	private static List<String> keys(BackendGroup group, BoundProperty[] properties) {
		List<String> keys = new ArrayList<>(group.indexes().length);
		for (int index : group.indexes()) {
			keys.add(properties[index].key());
		}
		return keys;
	}

	private <T> Bound<T> bind(EntityMetadata<T> metadata, Object id) {
		Object convertedId = convertId(metadata, id);
		BoundProperty[] properties = metadata.bind(idText(metadata, convertedId, id));
		return new Bound<>(metadata, metadata.newInstance(convertedId, properties), properties);
	}

	private String idText(EntityMetadata<?> metadata, Object id) {
		return idText(metadata, convertId(metadata, id), id);
	}

	private static String idText(EntityMetadata<?> metadata, Object convertedId, Object id) {
		String text = convertedId.toString();
		if (text.isEmpty()) {
			throw new IllegalArgumentException("Id '" + id + "' of " + metadata.type().getSimpleName()
					+ " is empty as text, so it cannot be part of a key");
		}
		return text;
	}

	private Object convertId(EntityMetadata<?> metadata, Object id) {
		Assert.notNull(id, "'id' must not be null");
		Class<?> idType = metadata.idType();
		if (idType == null || idType.isInstance(id)) {
			return id;
		}
		Object converted;
		try {
			converted = this.conversionService.convert(id, idType);
		}
		catch (ConversionException ex) {
			throw new IllegalArgumentException("Id '" + id + "' of " + metadata.type().getSimpleName()
					+ " cannot be converted to " + idType.getSimpleName(), ex);
		}
		Assert.notNull(converted, () -> "Id '" + id + "' of " + metadata.type().getSimpleName() + " converts to null");
		return converted;
	}

	@SuppressWarnings("unchecked")
	private <T> EntityMetadata<T> metadata(Class<T> type) {
		Assert.notNull(type, "'type' must not be null");
		return (EntityMetadata<T>) this.metadata.apply(type);
	}

	/**
	 * An object and its bound properties.
	 */
	private record Bound<T>(EntityMetadata<T> metadata, T entity, BoundProperty[] properties) {

	}

}
