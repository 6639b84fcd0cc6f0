package io.cacheobj.test.autoconfigure;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.cacheobj.autoconfigure.CacheBackendSettings;
import io.cacheobj.autoconfigure.CacheObjBackendProperties.BackendType;
import io.cacheobj.autoconfigure.CacheObjProperties;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link BackendCleaner}, on memory backends standing for remote ones: no test
 * here opens a connection.
 */
class BackendCleanerTests {

	private final MemoryCacheBackend local = MemoryCacheBackend.builder("local").build();

	private final MemoryCacheBackend remote = MemoryCacheBackend.builder("redis").build();

	@Test
	void memoryBackendsAreAlwaysEmptied() {
		this.local.set("UserCache.1.name", StoredValue.of(new byte[] { 'a' }), null);
		try (GenericApplicationContext context = context(Map.of())) {
			BackendCleaner.clear(context, Set.of());
		}
		assertThat(this.local.get("UserCache.1.name")).isNull();
	}

	@Test
	void remoteBackendThatTheTestDoesNotNameIsRefusedAndNothingIsEmptied() {
		this.local.set("k", StoredValue.of(new byte[] { 'a' }), null);
		this.remote.set("k", StoredValue.of(new byte[] { 'b' }), null);
		try (GenericApplicationContext context = context(Map.of("redis", "redis://127.0.0.1:6400/0"))) {
			assertThatIllegalStateException().isThrownBy(() -> BackendCleaner.clear(context, Set.of()))
				.withMessageContaining("backend 'redis' (redis://127.0.0.1:6400/0)")
				.withMessageContaining("not named in @ClearCacheObjBackends(remote = ...)");
		}
		assertThat(this.remote.get("k")).isNotNull();
	}

	@Test
	void namedRemoteBackendOnAnotherHostIsRefused() {
		this.remote.set("k", StoredValue.of(new byte[] { 'b' }), null);
		try (GenericApplicationContext context = context(Map.of("redis", "redis://user:******@192.0.2.1:6379/0"))) {
			assertThatIllegalStateException().isThrownBy(() -> BackendCleaner.clear(context, Set.of("redis")))
				.withMessageContaining("192.0.2.1 is not a loopback address");
		}
		assertThat(this.remote.get("k")).isNotNull();
	}

	@Test
	void namedRemoteBackendWhoseServersCannotBeToldIsRefused() {
		try (GenericApplicationContext context = context(Map.of("redis", "sentinel mymaster at 127.0.0.1:26379"))) {
			assertThatIllegalStateException().isThrownBy(() -> BackendCleaner.clear(context, Set.of("redis")))
				.withMessageContaining("its servers cannot be told");
		}
	}

	@Test
	void namedRemoteBackendOnLoopbackIsEmptied() {
		this.remote.set("k", StoredValue.of(new byte[] { 'b' }), null);
		try (GenericApplicationContext context = context(Map.of("redis", "redis://localhost:6400"))) {
			BackendCleaner.clear(context, Set.of("redis"));
		}
		assertThat(this.remote.get("k")).isNull();
	}

	@Test
	void loopbackAddressesAreTheOnlyOnesAccepted() {
		assertThat(BackendCleaner.isLoopback(InetSocketAddress.createUnresolved("127.0.0.1", 1))).isTrue();
		assertThat(BackendCleaner.isLoopback(InetSocketAddress.createUnresolved("::1", 1))).isTrue();
		assertThat(BackendCleaner.isLoopback(InetSocketAddress.createUnresolved("localhost", 1))).isTrue();
		assertThat(BackendCleaner.isLoopback(InetSocketAddress.createUnresolved("192.0.2.1", 1))).isFalse();
		assertThat(BackendCleaner.isLoopback(InetSocketAddress.createUnresolved("10.0.0.1", 1))).isFalse();
	}

	private GenericApplicationContext context(Map<String, String> redisTargets) {
		GenericApplicationContext context = new GenericApplicationContext();
		context.registerBean("local", CacheBackend.class, () -> this.local);
		if (!redisTargets.isEmpty()) {
			context.registerBean("redis", CacheBackend.class, () -> this.remote);
		}
		context.registerBean(CacheObjProperties.class, CacheObjProperties::new);
		context.registerBean(CacheBackendSettings.class, () -> new Settings(redisTargets));
		context.refresh();
		return context;
	}

	private record Settings(Map<String, String> redisTargets) implements CacheBackendSettings {

		@Override
		public @Nullable BackendType type(String name) {
			return this.redisTargets.containsKey(name) ? BackendType.REDIS : BackendType.MEMORY;
		}

		@Override
		public boolean metricsEnabled(String name) {
			return false;
		}

		@Override
		public @Nullable CircuitBreakerSettings circuitBreaker(String name) {
			return null;
		}

		@Override
		public Map<String, Object> describe(String name, CacheBackend backend) {
			Map<String, Object> description = new LinkedHashMap<>();
			description.put("type", type(name).name().toLowerCase());
			description.put("target", this.redisTargets.getOrDefault(name, "this JVM"));
			return description;
		}

		@Override
		public @Nullable Object hideCredentials(String key, @Nullable Object value) {
			return value;
		}

	}

}
