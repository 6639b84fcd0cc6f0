package io.cacheobj.binding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.EntityMetadata.BackendGroup;
import org.jspecify.annotations.Nullable;

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
		EntityMetadata<T> metadata = metadata(type);
		Object convertedId = convertId(metadata, id);
		return metadata.newInstance(convertedId, idText(metadata, convertedId, id));
	}

	@Override
	public <T> T load(Class<T> type, Object id) {
		Bound<T> bound = bind(metadata(type), id);
		read(bound.metadata().valueGroups(), List.of(bound));
		return bound.entity();
	}

	@Override
	public <T> List<T> loadAll(Class<T> type, Collection<?> ids) {
		List<Bound<T>> bound = bindAll(type, ids);
		read(bound.isEmpty() ? List.of() : bound.get(0).metadata().valueGroups(), bound);
		return entities(bound);
	}

	@Override
	public <T> CompletableFuture<T> loadAsync(Class<T> type, Object id) {
		Bound<T> bound = bind(metadata(type), id);
		return readAsync(bound.metadata().valueGroups(), List.of(bound)).thenApply((found) -> bound.entity());
	}

	@Override
	public <T> CompletableFuture<List<T>> loadAllAsync(Class<T> type, Collection<?> ids) {
		List<Bound<T>> bound = bindAll(type, ids);
		return readAsync(bound.isEmpty() ? List.of() : bound.get(0).metadata().valueGroups(), bound)
			.thenApply((found) -> entities(bound));
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
		List<BoundProperty[]> objects = new ArrayList<>(1);
		objects.add(metadata.bind(idText(metadata, id)));
		List<GroupRead> reads = reads(metadata.allGroups(), objects);
		return atOnce(reads, GroupRead::fetch, GroupRead::fetchAsync).stream()
			.anyMatch(DefaultCacheEntityRepository::anyFound);
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

	@Override
	public CacheWriteBatch batch() {
		return new DefaultCacheWriteBatch((type, id) -> {
			EntityMetadata<?> metadata = metadata(type);
			return metadata.bind(idText(metadata, id));
		});
	}

	private void delete(EntityMetadata<?> metadata, BoundProperty[] properties) {
		atOnce(metadata.allGroups(), (group) -> {
			group.backend().deleteAll(keys(group, properties));
			return true;
		}, (group) -> group.backend().deleteAllAsync(keys(group, properties)));
	}

	/**
	 * Read the groups' properties of every object, one bulk read per backend, sent to
	 * every backend at once, and hand each property what was found.
	 * @return whether anything was found
	 */
	private boolean read(List<BackendGroup> groups, List<? extends Bound<?>> bound) {
		List<GroupRead> reads = reads(groups, properties(bound));
		return loaded(reads, atOnce(reads, GroupRead::fetch, GroupRead::fetchAsync));
	}

	/**
	 * Make one call per backend at once: every call but the last is sent without waiting,
	 * the last is made on this thread meanwhile, and then the others are awaited. This
	 * thread waits on its own call rather than on a hand-off from another thread, so
	 * calls to N backends cost about the slowest one; the first failure is thrown as the
	 * blocking call would throw it.
	 * @return the results, in the order of {@code targets}
	 */
	private static <T, R> List<R> atOnce(List<T> targets, Function<T, R> blocking,
			Function<T, CompletableFuture<R>> async) {
		int last = targets.size() - 1;
		if (last <= 0) {
			return (last < 0) ? List.of() : List.of(blocking.apply(targets.get(0)));
		}
		List<CompletableFuture<R>> started = new ArrayList<>(last);
		for (int i = 0; i < last; i++) {
			started.add(async.apply(targets.get(i)));
		}
		R mine = blocking.apply(targets.get(last));
		awaitAll(started);
		List<R> results = new ArrayList<>(targets.size());
		for (CompletableFuture<R> call : started) {
			results.add(call.join());
		}
		results.add(mine);
		return results;
	}

	private CompletableFuture<Boolean> readAsync(List<BackendGroup> groups, List<? extends Bound<?>> bound) {
		List<GroupRead> reads = reads(groups, properties(bound));
		List<CompletableFuture<@Nullable StoredValue[]>> fetches = fetchAll(reads);
		return CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new))
			.thenApply((all) -> loaded(reads, fetches.stream().map(CompletableFuture::join).toList()));
	}

	private static boolean loaded(List<GroupRead> reads, List<@Nullable StoredValue[]> found) {
		boolean any = false;
		for (int i = 0; i < reads.size(); i++) {
			any |= reads.get(i).loaded(found.get(i));
		}
		return any;
	}

	private static List<CompletableFuture<@Nullable StoredValue[]>> fetchAll(List<GroupRead> reads) {
		List<CompletableFuture<@Nullable StoredValue[]>> fetches = new ArrayList<>(reads.size());
		for (GroupRead read : reads) {
			fetches.add(read.fetchAsync());
		}
		return fetches;
	}

	/**
	 * Wait for calls made at once, then throw the first failure as the blocking call
	 * would.
	 */
	private static void awaitAll(List<? extends CompletableFuture<?>> calls) {
		try {
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	private static boolean anyFound(@Nullable StoredValue[] values) {
		for (StoredValue value : values) {
			if (value != null) {
				return true;
			}
		}
		return false;
	}

	private static List<BoundProperty[]> properties(List<? extends Bound<?>> bound) {
		List<BoundProperty[]> properties = new ArrayList<>(bound.size());
		for (Bound<?> each : bound) {
			properties.add(each.properties());
		}
		return properties;
	}

	private static List<GroupRead> reads(List<BackendGroup> groups, List<BoundProperty[]> objects) {
		List<GroupRead> reads = new ArrayList<>(groups.size());
		for (BackendGroup group : groups) {
			GroupRead read = new GroupRead(group, objects);
			if (!read.isEmpty()) {
				reads.add(read);
			}
		}
		return reads;
	}

	private static List<String> keys(BackendGroup group, BoundProperty[] properties) {
		List<String> keys = new ArrayList<>(group.indexes().length);
		for (int index : group.indexes()) {
			keys.add(properties[index].key());
		}
		return keys;
	}

	private <T> List<Bound<T>> bindAll(Class<T> type, Collection<?> ids) {
		Assert.notNull(ids, "'ids' must not be null");
		EntityMetadata<T> metadata = metadata(type);
		List<Bound<T>> bound = new ArrayList<>(ids.size());
		for (Object id : ids) {
			bound.add(bind(metadata, id));
		}
		return bound;
	}

	private static <T> List<T> entities(List<Bound<T>> bound) {
		List<T> entities = new ArrayList<>(bound.size());
		for (Bound<T> each : bound) {
			entities.add(each.entity());
		}
		return entities;
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
	 * One backend's share of a read: the properties of every object that live on it,
	 * their keys, and which of them are counters.
	 */
	private static final class GroupRead {

		private final BackendStore backend;

		private final BoundProperty[] properties;

		private final List<String> keys;

		private final @Nullable BitSet counters;

		GroupRead(BackendGroup group, List<BoundProperty[]> objects) {
			this.backend = group.backend();
			this.counters = group.hasCounters() ? new BitSet() : null;
			int[] indexes = group.indexes();
			this.properties = new BoundProperty[objects.size() * indexes.length];
			String[] keys = new String[this.properties.length];
			int position = 0;
			for (BoundProperty[] object : objects) {
				for (int index : indexes) {
					BoundProperty property = object[index];
					if (this.counters != null && property.metadata().counter()) {
						this.counters.set(position);
					}
					this.properties[position] = property;
					keys[position++] = property.key();
				}
			}
			this.keys = Arrays.asList(keys);
		}

		boolean isEmpty() {
			return this.properties.length == 0;
		}

		@Nullable StoredValue[] fetch() {
			return this.backend.getAll(this.keys, this.counters);
		}

		CompletableFuture<@Nullable StoredValue[]> fetchAsync() {
			return this.backend.getAllAsync(this.keys, this.counters);
		}

		/**
		 * Hand each property what was found at its position.
		 * @return whether anything was found
		 */
		boolean loaded(@Nullable StoredValue[] values) {
			boolean found = false;
			for (int i = 0; i < this.properties.length; i++) {
				StoredValue value = values[i];
				this.properties[i].loaded(value);
				found |= (value != null);
			}
			return found;
		}

	}

	/**
	 * An object and its bound properties.
	 */
	private record Bound<T>(EntityMetadata<T> metadata, T entity, BoundProperty[] properties) {

	}

}
