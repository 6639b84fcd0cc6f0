package io.cacheobj.jcache;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

import org.jspecify.annotations.Nullable;

/**
 * The entry listeners of a {@link CacheObjJCache}: their registrations, and the dispatch
 * of this JVM's events to them, synchronously or on the cache's event thread.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class JCacheEvents<K, V> {

	private final Cache<K, V> source;

	private final List<Registration<K, V>> registrations = new CopyOnWriteArrayList<>();

	private final ExecutorService asyncEvents;

	JCacheEvents(Cache<K, V> source, String name,
			Iterable<CacheEntryListenerConfiguration<K, V>> listenerConfigurations) {
		this.source = source;
		this.asyncEvents = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "cacheobj-jcache-events-" + name);
			thread.setDaemon(true);
			return thread;
		});
		for (CacheEntryListenerConfiguration<K, V> listener : listenerConfigurations) {
			this.registrations.add(new Registration<>(listener));
		}
	}

	/**
	 * Register a listener, and add it to the cache's configuration.
	 * @throws IllegalArgumentException when the listener is already registered
	 */
	void register(MutableConfiguration<K, V> configuration,
			CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
		for (Registration<K, V> registration : this.registrations) {
			if (registration.configuration.equals(listenerConfiguration)) {
				throw new IllegalArgumentException("The listener is already registered");
			}
		}
		configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
		this.registrations.add(new Registration<>(listenerConfiguration));
	}

	/**
	 * Deregister a listener, and remove it from the cache's configuration.
	 */
	void deregister(MutableConfiguration<K, V> configuration,
			CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
		configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
		this.registrations.removeIf((registration) -> registration.configuration.equals(listenerConfiguration));
	}

	/**
	 * Close the listeners and filters, and wait for the events under way to be delivered.
	 */
	void close() {
		for (Registration<K, V> registration : this.registrations) {
			CacheObjJCache.closeQuietly(registration.listener);
			CacheObjJCache.closeQuietly(registration.filter);
		}
		this.asyncEvents.shutdown();
		try {
			this.asyncEvents.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	boolean hasListeners(EventType type) {
		for (Registration<K, V> registration : this.registrations) {
			if (registration.hears(type)) {
				return true;
			}
		}
		return false;
	}

	void fire(EventType type, K key, @Nullable V value, @Nullable V oldValue) {
		for (Registration<K, V> registration : this.registrations) {
			if (!registration.hears(type)) {
				continue;
			}
			boolean oldValueRequired = registration.configuration.isOldValueRequired();
			boolean gone = type == EventType.REMOVED || type == EventType.EXPIRED;
			Event<K, V> event = new Event<>(this.source, type, key, (gone && !oldValueRequired) ? null : value,
					oldValueRequired ? oldValue : null, oldValueRequired && oldValue != null);
			if (registration.configuration.isSynchronous()) {
				registration.deliver(event);
			}
			else {
				this.asyncEvents.execute(() -> {
					try {
						registration.deliver(event);
					}
					catch (RuntimeException ex) {
						// an asynchronous listener's failure has no caller to go to
					}
				});
			}
		}
	}

	private static final class Registration<K, V> {

		final CacheEntryListenerConfiguration<K, V> configuration;

		final CacheEntryListener<? super K, ? super V> listener;

		final @Nullable CacheEntryEventFilter<? super K, ? super V> filter;

		Registration(CacheEntryListenerConfiguration<K, V> configuration) {
			this.configuration = configuration;
			this.listener = configuration.getCacheEntryListenerFactory().create();
			this.filter = (configuration.getCacheEntryEventFilterFactory() != null)
					? configuration.getCacheEntryEventFilterFactory().create() : null;
		}

		boolean hears(EventType type) {
			return switch (type) {
				case CREATED -> this.listener instanceof CacheEntryCreatedListener;
				case UPDATED -> this.listener instanceof CacheEntryUpdatedListener;
				case REMOVED -> this.listener instanceof CacheEntryRemovedListener;
				case EXPIRED -> this.listener instanceof CacheEntryExpiredListener;
			};
		}

		@SuppressWarnings("unchecked")
		void deliver(Event<K, V> event) {
			try {
				if (this.filter != null && !this.filter.evaluate(event)) {
					return;
				}
				List<CacheEntryEvent<? extends K, ? extends V>> events = List.of(event);
				switch (event.getEventType()) {
					case CREATED -> ((CacheEntryCreatedListener<K, V>) this.listener).onCreated(events);
					case UPDATED -> ((CacheEntryUpdatedListener<K, V>) this.listener).onUpdated(events);
					case REMOVED -> ((CacheEntryRemovedListener<K, V>) this.listener).onRemoved(events);
					case EXPIRED -> ((CacheEntryExpiredListener<K, V>) this.listener).onExpired(events);
				}
			}
			catch (CacheEntryListenerException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw new CacheEntryListenerException(ex);
			}
		}

	}

	private static final class Event<K, V> extends CacheEntryEvent<K, V> {

		private static final long serialVersionUID = 1L;

		private final K key;

		private final transient @Nullable V value;

		private final transient @Nullable V oldValue;

		private final boolean oldValueAvailable;

		Event(Cache<K, V> source, EventType type, K key, @Nullable V value, @Nullable V oldValue,
				boolean oldValueAvailable) {
			super(source, type);
			this.key = key;
			this.value = value;
			this.oldValue = oldValue;
			this.oldValueAvailable = oldValueAvailable;
		}

		@Override
		public K getKey() {
			return this.key;
		}

		@Override
		public @Nullable V getValue() {
			return this.value;
		}

		@Override
		public @Nullable V getOldValue() {
			return this.oldValue;
		}

		@Override
		public boolean isOldValueAvailable() {
			return this.oldValueAvailable;
		}

		@Override
		public <T> T unwrap(Class<T> type) {
			return CacheObjJCache.unwrapSelf(this, type, "an event");
		}

	}

}
