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
		assertThat(this.memory.keysByPrefix("")).containsExactlyInAnyOrder("jcache:cacheobj:tests:plain::s:k",
				"jcache:cacheobj:tests:plain::l:42");
		assertThat(cache.get("k")).isEqualTo("v");
		assertThat(cache.get(42L)).isEqualTo("answer");
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
