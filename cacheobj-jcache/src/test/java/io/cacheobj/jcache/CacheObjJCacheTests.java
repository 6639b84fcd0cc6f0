package io.cacheobj.jcache;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

import io.cacheobj.CacheValueException;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.jcache.hostile.Gadget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link CacheObjJCache}'s storage format: readable keys and the allow-list
 * that guards values.
 */
@SuppressWarnings("unchecked")
class CacheObjJCacheTests {

	private final CacheBackend memory = MemoryCacheBackend.builder("memory").build();

	private final CacheObjBinding binding = CacheObjBinding.builder().backend("memory", this.memory, null).build();

	private CacheManager manager;

	@BeforeEach
	void createManager() {
		CachingProvider provider = Caching.getCachingProvider(CacheObjCachingProvider.class.getName());
		Properties properties = new Properties();
		properties.put(CacheObjCachingProvider.BINDING_PROPERTY, this.binding);
		this.manager = provider.getCacheManager(java.net.URI.create("cacheobj:tests"), getClass().getClassLoader(),
				properties);
	}

	@AfterEach
	void close() {
		this.manager.close();
	}

	@Test
	void keysAreReadableTextUnderTheCachePrefix() {
		Cache<Object, String> cache = this.manager.createCache("plain", new MutableConfiguration<>());
		cache.put("k", "v");
		cache.put(42L, "answer");
		assertThat(this.memory.keysByPrefix("")).containsExactlyInAnyOrder("jcache:plain::s:k", "jcache:plain::l:42");
		assertThat(cache.get("k")).isEqualTo("v");
		assertThat(cache.get(42L)).isEqualTo("answer");
	}

	@Test
	void aCacheWhoseNameStartsWithAnothersKeepsItsEntriesApart() {
		Cache<Object, String> a = this.manager.createCache("a", new MutableConfiguration<>());
		Cache<Object, String> aColon = this.manager.createCache("a:", new MutableConfiguration<>());
		Cache<Object, String> percent = this.manager.createCache("50%", new MutableConfiguration<>());
		a.put("k", "of a");
		aColon.put("k", "of a:");
		percent.put("k", "of 50%");
		assertThat(this.memory.keysByPrefix("")).containsExactlyInAnyOrder("jcache:a::s:k", "jcache:a%3A::s:k",
				"jcache:50%25::s:k");
		a.clear();
		assertThat(a.get("k")).isNull();
		assertThat(aColon.get("k")).isEqualTo("of a:");
		List<Object> keys = new ArrayList<>();
		aColon.forEach((entry) -> keys.add(entry.getKey()));
		assertThat(keys).containsExactly("k");
		a.put("k", "of a");
		aColon.removeAll();
		assertThat(a.get("k")).isEqualTo("of a");
		assertThat(percent.get("k")).isEqualTo("of 50%");
	}

	@Test
	void managersOnAnyCacheobjUriShareACachesEntriesByName() {
		CacheManager other = manager("cacheobj:context-2", new Properties());
		try {
			Cache<String, String> mine = this.manager.createCache("shared", new MutableConfiguration<>());
			Cache<String, String> theirs = other.createCache("shared", new MutableConfiguration<>());
			mine.put("k", "written by the first");
			assertThat(theirs.get("k")).isEqualTo("written by the first");
			theirs.remove("k");
			assertThat(mine.containsKey("k")).isFalse();
		}
		finally {
			other.close();
		}
	}

	@Test
	void aManagerOnAUriOfAnotherSchemeKeepsItsCachesApart() {
		CacheManager other = manager("urn:elsewhere", new Properties());
		try {
			Cache<String, String> mine = this.manager.createCache("apart", new MutableConfiguration<>());
			Cache<String, String> theirs = other.createCache("apart", new MutableConfiguration<>());
			mine.put("k", "mine");
			assertThat(theirs.get("k")).isNull();
			theirs.put("k", "theirs");
			assertThat(mine.get("k")).isEqualTo("mine");
			assertThat(this.memory.keysByPrefix("")).containsExactlyInAnyOrder("jcache:apart::s:k",
					"jcache:urn:elsewhere:apart::s:k");
		}
		finally {
			other.close();
		}
	}

	@Test
	void aCachesBackendAndTimeToLiveComeFromTheManagersProperties() throws InterruptedException {
		CacheBackend second = MemoryCacheBackend.builder("second").build();
		CacheObjBinding two = CacheObjBinding.builder()
			.backend("memory", this.memory, null)
			.backend("second", second, null)
			.build();
		Properties properties = new Properties();
		properties.put(CacheObjCachingProvider.BINDING_PROPERTY, two);
		properties.setProperty(CacheObjCachingProvider.BACKEND_PROPERTY, "memory");
		properties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + "com.example.Region.backend", "second");
		properties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + "com.example.Region.ttl", "PT0.3S");
		properties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + "eternal.ttl", "300");
		CacheManager configured = manager("cacheobj:configured", properties);
		try {
			Cache<String, String> region = configured.createCache("com.example.Region", new MutableConfiguration<>());
			Cache<String, String> plain = configured.createCache("plain", new MutableConfiguration<>());
			Cache<String, String> own = configured.createCache("eternal", new MutableConfiguration<String, String>()
				.setExpiryPolicyFactory(javax.cache.expiry.EternalExpiryPolicy.factoryOf()));
			region.put("k", "v");
			plain.put("k", "v");
			own.put("k", "v");
			assertThat(second.keysByPrefix("")).containsExactly("jcache:com.example.Region::s:k");
			assertThat(this.memory.keysByPrefix("")).containsExactlyInAnyOrder("jcache:plain::s:k",
					"jcache:eternal::s:k");
			Thread.sleep(400);
			assertThat(region.get("k")).isNull();
			assertThat(plain.get("k")).isEqualTo("v");
			assertThat(own.get("k")).as("an eternal policy is not one of its own: the ttl applies").isNull();
			assertThatExceptionOfType(javax.cache.CacheException.class).isThrownBy(() -> {
				Properties bad = new Properties();
				bad.put(CacheObjCachingProvider.BINDING_PROPERTY, two);
				bad.setProperty(CacheObjCachingProvider.BACKEND_PROPERTY, "memory");
				bad.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + "c.backend", "nowhere");
				manager("cacheobj:bad", bad).createCache("c", new MutableConfiguration<>());
			}).withMessageContaining("No cacheobj backend 'nowhere' for the cache 'c'");
		}
		finally {
			configured.close();
		}
	}

	@Test
	void aCacheCreatedWithAnExpiryPolicyOfItsOwnKeepsIt() throws InterruptedException {
		Properties properties = new Properties();
		properties.put(CacheObjCachingProvider.BINDING_PROPERTY, this.binding);
		properties.setProperty(CacheObjJCacheManager.CACHES_PROPERTY + "own.ttl", "PT0.1S");
		CacheManager configured = manager("cacheobj:own", properties);
		try {
			Cache<String, String> own = configured.createCache("own",
					new MutableConfiguration<String, String>().setExpiryPolicyFactory(
							javax.cache.expiry.CreatedExpiryPolicy.factoryOf(javax.cache.expiry.Duration.ONE_HOUR)));
			own.put("k", "v");
			Thread.sleep(200);
			assertThat(own.get("k")).isEqualTo("v");
		}
		finally {
			configured.close();
		}
	}

	@Test
	void anEntryFoundExpiredFiresTheExpiredListenersOfTheJvmThatFindsIt() throws InterruptedException {
		List<String> expired = new java.util.concurrent.CopyOnWriteArrayList<>();
		javax.cache.event.CacheEntryExpiredListener<String, String> listener = (events) -> events
			.forEach((event) -> expired.add(event.getKey() + "=" + event.getOldValue()));
		MutableConfiguration<String, String> configuration = new MutableConfiguration<String, String>()
			.setExpiryPolicyFactory(javax.cache.expiry.CreatedExpiryPolicy
				.factoryOf(new javax.cache.expiry.Duration(java.util.concurrent.TimeUnit.MILLISECONDS, 300)))
			.addCacheEntryListenerConfiguration(new javax.cache.configuration.MutableCacheEntryListenerConfiguration<>(
					() -> listener, null, true, true));
		Cache<String, String> cache = this.manager.createCache("expiring", configuration);
		cache.put("k", "v");
		Thread.sleep(400);
		assertThat(expired).isEmpty();
		assertThat(cache.get("k")).isNull();
		assertThat(expired).containsExactly("k=v");
		assertThat(cache.get("k")).isNull();
		assertThat(expired).as("only the read that removed it").containsExactly("k=v");
		cache.put("gone", "v");
		Thread.sleep(700);
		assertThat(this.memory.get("jcache:expiring::s:gone")).as("the server drops it, twice its ttl at most")
			.isNull();
		assertThat(cache.get("gone")).isNull();
		assertThat(expired).as("an entry no read found expired has no event").containsExactly("k=v");
	}

	@Test
	void aMutableValueIsReadAsAFreshCopyAndAnImmutableOneOnce() {
		Cache<String, Object> cache = this.manager.createCache("copies", new MutableConfiguration<>());
		cache.put("list", new ArrayList<>(List.of("a")));
		cache.put("text", new String("immutable"));
		Object first = cache.get("list");
		((List<Object>) first).add("changed by the reader");
		assertThat(cache.get("list")).isEqualTo(List.of("a")).isNotSameAs(first);
		assertThat(cache.get("text")).isEqualTo("immutable").isSameAs(cache.get("text"));
		cache.put("text", "another");
		assertThat(cache.get("text")).isEqualTo("another");
	}

	@Test
	void stringsAreStoredAsJavaSerializationWritesThem() throws IOException {
		Cache<String, String> cache = this.manager.createCache("strings", new MutableConfiguration<>());
		for (String text : List.of("plain ascii", "", "h\u00e9llo", "a\u0000b", "x".repeat(70_000))) {
			cache.put("k", text);
			byte[] stored = this.memory.get("jcache:strings::s:k").bytes();
			byte[] expected = envelope(text).bytes();
			assertThat(java.util.Arrays.copyOfRange(stored, 9, stored.length))
				.isEqualTo(java.util.Arrays.copyOfRange(expected, 9, expected.length));
			this.memory.set("jcache:strings::s:k", new StoredValue(stored.clone(), 0), null);
			assertThat(cache.get("k")).isEqualTo(text);
		}
	}

	private CacheManager manager(String uri, Properties properties) {
		if (!properties.containsKey(CacheObjCachingProvider.BINDING_PROPERTY)) {
			properties.put(CacheObjCachingProvider.BINDING_PROPERTY, this.binding);
		}
		return Caching.getCachingProvider(CacheObjCachingProvider.class.getName())
			.getCacheManager(java.net.URI.create(uri), getClass().getClassLoader(), properties);
	}

	@Test
	void aClassOutsideTheAllowListIsNeverReadBack() throws IOException {
		Cache<String, Object> cache = this.manager.createCache("hostile", new MutableConfiguration<>());
		cache.put("k", new ArrayList<>(List.of("fine")));
		assertThat(cache.get("k")).isEqualTo(List.of("fine"));
		String key = this.memory.keysByPrefix("").get(0);
		this.memory.set(key, envelope(new Gadget("rm -rf")), null);
		Gadget.CONSTRUCTED.set(0);
		Gadget.READ.set(0);
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> cache.get("k"))
			.withMessageContaining("allowed packages");
		Map<String, Object> nested = new HashMap<>();
		nested.put("inner", new Gadget("again"));
		Gadget.CONSTRUCTED.set(0);
		this.memory.set(key, envelope(nested), null);
		assertThatExceptionOfType(CacheValueException.class).isThrownBy(() -> cache.get("k"));
		assertThat(Gadget.READ).hasValue(0);
		assertThat(Gadget.CONSTRUCTED).hasValue(0);
	}

	@Test
	void aPackageTheSettingNamesIsAllowed() {
		this.manager.close();
		Properties properties = new Properties();
		properties.put(CacheObjCachingProvider.BINDING_PROPERTY, this.binding);
		properties.setProperty(CacheObjCachingProvider.ALLOWED_PACKAGES_PROPERTY, "io.cacheobj.jcache.hostile");
		this.manager = Caching.getCachingProvider(CacheObjCachingProvider.class.getName())
			.getCacheManager(java.net.URI.create("cacheobj:allowed"), getClass().getClassLoader(), properties);
		Cache<String, Object> cache = this.manager.createCache("allowed", new MutableConfiguration<>());
		cache.put("k", new Gadget("allowed"));
		assertThat(cache.get("k")).hasToString("allowed");
	}

	@Test
	void memcachedIsRefused() {
		CacheBackend refusing = new CacheBackend() {

			@Override
			public StoredValue get(String key) {
				return null;
			}

			@Override
			public Map<String, StoredValue> getAll(java.util.Collection<String> keys) {
				return Map.of();
			}

			@Override
			public void set(String key, StoredValue value, java.time.Duration ttl) {
			}

			@Override
			public boolean delete(String key) {
				return false;
			}

			@Override
			public long deleteAll(java.util.Collection<String> keys) {
				return 0;
			}

			@Override
			public long increment(String key, long delta, java.time.Duration ttl) {
				return 0;
			}

		};
		Properties properties = new Properties();
		properties.put(CacheObjCachingProvider.BINDING_PROPERTY,
				CacheObjBinding.builder().backend("memcached", refusing, null).build());
		CacheManager other = Caching.getCachingProvider(CacheObjCachingProvider.class.getName())
			.getCacheManager(java.net.URI.create("cacheobj:memcached"), getClass().getClassLoader(), properties);
		assertThatExceptionOfType(javax.cache.CacheException.class)
			.isThrownBy(() -> other.createCache("c", new MutableConfiguration<>()))
			.withMessageContaining("cannot list its keys");
		other.close();
	}

	private static StoredValue envelope(Object value) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(value);
		}
		byte[] body = bytes.toByteArray();
		return new StoredValue(
				ByteBuffer.allocate(9 + body.length).put((byte) 1).putLong(Long.MAX_VALUE).put(body).array(), 0);
	}

}
