package io.cacheobj.binding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CacheValueException;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.CacheWrite;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.metrics.CacheObjMetrics;
import io.cacheobj.testsupport.RecordingCacheBackend;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DefaultCacheWriteBatch} on backends in this JVM: order, single
 * execution, encoding when queued, failures per backend, and the SPI's default bulk
 * write.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultCacheWriteBatchTests {

	private final RecordingCacheBackend local = new RecordingCacheBackend(MemoryCacheBackend.builder("local").build());

	private final RecordingCacheBackend remote = new RecordingCacheBackend(
			MemoryCacheBackend.builder("remote").build());

	private final CacheEntityRepository repository = repository(this.local, this.remote, false);

	@Test
	void writesOfTheSameKeyAreAppliedInQueueOrder() {
		Profile profile = this.repository.get(Profile.class, 1);
		this.repository.batch()
			.set(profile.name, "first")
			.delete(profile.name)
			.set(profile.name, "second")
			.add(profile.logins, 5)
			.delete(profile.logins)
			.add(profile.logins, 2)
			.execute();
		assertThat(this.local.calls()).containsExactly("set Profile.1.name", "delete Profile.1.name",
				"set Profile.1.name");
		assertThat(this.remote.calls()).containsExactly("increment Profile.1.logins", "delete Profile.1.logins",
				"increment Profile.1.logins");
		Profile read = this.repository.get(Profile.class, 1);
		assertThat(read.name.get()).isEqualTo("second");
		assertThat(read.logins.get()).isEqualTo(2);
	}

	@Test
	void nullDeletesAndTtlsAndCounterTtlAreThoseOfTheProperties() {
		Profile profile = this.repository.get(Profile.class, 2);
		profile.name.set("stored");
		CacheWriteBatch batch = this.repository.batch()
			.set(profile.name, null)
			.set(profile.token, "t", Duration.ofSeconds(7))
			.add(profile.logins, 3);
		assertThat(batch.size()).isEqualTo(3);
		this.local.clear();
		batch.execute();
		assertThat(this.local.calls()).containsExactly("delete Profile.2.name");
		assertThat(this.remote.calls()).containsExactly("set Profile.2.token", "increment Profile.2.logins");
		assertThat(this.remote.lastTtl()).isEqualTo(Duration.ofMinutes(1));
		assertThat(this.repository.get(Profile.class, 2).name.get()).isNull();
	}

	@Test
	void writtenPropertiesRememberTheirLastValue() {
		Profile profile = this.repository.get(Profile.class, 3);
		this.repository.batch().set(profile.name, "a").set(profile.name, "b").set(profile.token, "t").execute();
		this.local.clear();
		assertThat(profile.name.getCached()).isEqualTo("b");
		assertThat(profile.token.getCached()).isEqualTo("t");
		assertThat(this.local.calls()).isEmpty();
	}

	@Test
	void deleteOfAnIdDeletesEveryProperty() {
		Profile profile = this.repository.get(Profile.class, 4);
		profile.name.set("n");
		profile.token.set("t");
		profile.logins.addAndGet(1);
		CacheWriteBatch batch = this.repository.batch().delete(Profile.class, 4);
		assertThat(batch.size()).isEqualTo(4);
		batch.execute();
		assertThat(this.repository.exists(Profile.class, 4)).isFalse();
	}

	@Test
	void batchRunsOnce() {
		Profile profile = this.repository.get(Profile.class, 5);
		CacheWriteBatch batch = this.repository.batch().set(profile.name, "once");
		batch.execute();
		assertThatIllegalStateException().isThrownBy(batch::execute).withMessageContaining("runs once");
		assertThatIllegalStateException().isThrownBy(batch::executeAsync);
		assertThatIllegalStateException().isThrownBy(() -> batch.set(profile.name, "again"));
		assertThatIllegalStateException().isThrownBy(() -> batch.add(profile.logins, 1));
		assertThatIllegalStateException().isThrownBy(() -> batch.delete(Profile.class, 5));
		CacheWriteBatch async = this.repository.batch().set(profile.name, "async");
		async.executeAsync().join();
		assertThatIllegalStateException().isThrownBy(async::execute);
		assertThat(profile.name.get()).isEqualTo("async");
	}

	@Test
	void emptyBatchDoesNothing() {
		this.repository.batch().execute();
		this.repository.batch().executeAsync().join();
		assertThat(this.local.calls()).isEmpty();
		assertThat(this.remote.calls()).isEmpty();
	}

	@Test
	void valueThatCannotBeEncodedFailsWhenQueuedAndNothingIsSent() {
		Profile profile = this.repository.get(Profile.class, 6);
		CacheWriteBatch batch = this.repository.batch().set(profile.name, "kept");
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> batch.set(profile.broken, new Unencodable()));
		assertThat(batch.size()).isOne();
		assertThat(this.local.calls()).isEmpty();
		batch.execute();
		assertThat(profile.name.get()).isEqualTo("kept");
	}

	@Test
	void nonPositiveTtlIsRefused() {
		Profile profile = this.repository.get(Profile.class, 7);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.repository.batch().set(profile.name, "x", Duration.ZERO));
	}

	@Test
	void failedBackendIsNamedAndTheOtherBackendsWritesAreMade() {
		CacheEntityRepository repository = repository(this.local, new FailingBackend("Profile.8.token"), false);
		Profile profile = repository.get(Profile.class, 8);
		profile.name.set("old");
		CacheWriteBatch batch = repository.batch()
			.set(profile.name, "new")
			.set(profile.token, "t")
			.add(profile.logins, 1);
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(batch::execute)
			.withMessageContaining("1 of 2 backends")
			.withMessageContaining("backend 'remote' (2 writes)")
			.withMessageContaining("failed 1 of 2 writes (first keys 'Profile.8.token')")
			.withMessageNotContaining("'local'");
		assertThat(repository.get(Profile.class, 8).name.get()).isEqualTo("new");
		assertThat(repository.get(Profile.class, 8).logins.get()).isEqualTo(1);
		assertThat(profile.name.getCached()).isEqualTo("new");
	}

	@Test
	void failedBackendFailsTheAsyncBatchToo() {
		CacheEntityRepository repository = repository(this.local, new FailingBackend("Profile.9.token"), false);
		Profile profile = repository.get(Profile.class, 9);
		assertThat(repository.batch().set(profile.name, "n").set(profile.token, "t").executeAsync())
			.failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(CacheBackendException.class)
			.withMessageContaining("backend 'remote'");
		assertThat(repository.get(Profile.class, 9).name.get()).isEqualTo("n");
	}

	@Test
	void ignoredFailureIsLoggedAndForgottenByTheProperty(CapturedOutput output) {
		CacheEntityRepository repository = repository(this.local, new FailingBackend("Profile.10.token"), true);
		Profile profile = repository.get(Profile.class, 10);
		repository.batch().set(profile.name, "n").set(profile.token, "t").execute();
		assertThat(output).contains("A batch of 1 writes to backend 'remote' failed and is ignored (on-error=ignore)");
		assertThat(profile.name.getCached()).isEqualTo("n");
	}

	@Test
	void defaultBulkWriteAppliesEveryWriteInOrderAndCountsFailures() {
		CacheBackend backend = new FailingBackend("b");
		List<CacheWrite> writes = List.of(CacheWrite.set("a", StoredValue.of(new byte[] { '1' }), null),
				CacheWrite.set("b", StoredValue.of(new byte[] { '2' }), null), CacheWrite.increment("c", 4, null),
				CacheWrite.delete("a"));
		assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> backend.writeAll(writes))
			.withMessageContaining("FailingBackend failed 1 of 4 writes (first keys 'b')");
		assertThat(backend.get("a")).isNull();
		assertThat(backend.increment("c", 0, null)).isEqualTo(4);
		backend.writeAllAsync(List.of(CacheWrite.set("a", StoredValue.of(new byte[] { '3' }), null))).join();
		assertThat(backend.get("a")).isEqualTo(StoredValue.of(new byte[] { '3' }));
	}

	@Test
	void oneTimedCallPerBackendPerBatchTaggedWithItsSize() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		CacheBackend timed = CacheObjMetrics.decorate("remote", MemoryCacheBackend.builder("remote").build(), registry);
		CacheEntityRepository repository = repository(this.local, timed, false);
		CacheWriteBatch batch = repository.batch();
		for (int i = 0; i < 10; i++) {
			Profile profile = repository.get(Profile.class, i);
			batch.set(profile.token, "t" + i).add(profile.logins, 1);
		}
		batch.execute();
		assertThat(registry.get(CacheObjMetrics.TIMER).tag("operation", "bulk-write").timer().count()).isOne();
		assertThat(registry.get(CacheObjMetrics.TIMER).tag("operation", "set").timer().count()).isZero();
		assertThat(registry.get(CacheObjMetrics.TIMER).tag("operation", "increment").timer().count()).isZero();
	}

	@Test
	void propertyNotBoundByCacheobjIsRefused() {
		@SuppressWarnings("unchecked")
		CachedValue<String> foreign = mock(CachedValue.class);
		assertThatIllegalArgumentException().isThrownBy(() -> this.repository.batch().set(foreign, "x"))
			.withMessageContaining("not bound by cacheobj");
	}

	private static CacheEntityRepository repository(CacheBackend local, CacheBackend remote, boolean ignoreRemote) {
		CacheObjBinding.Builder builder = CacheObjBinding.builder()
			.backend("local", local, null)
			.backend("remote", remote, Duration.ofMinutes(5))
			.defaultBackend("local");
		if (ignoreRemote) {
			builder.ignoreFailures("remote");
		}
		return builder.build().repository();
	}

	@CacheEntity
	static class Profile {

		@CacheId
		Long id;

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty(backend = "remote")
		CachedValue<String> token;

		@CachedProperty(backend = "remote", ttl = "1m")
		CachedCounter logins;

		@CachedProperty
		CachedValue<Unencodable> broken;

	}

	static class Unencodable {

		public String getValue() {
			throw new IllegalStateException("cannot be written");
		}

	}

	/**
	 * A memory backend whose writes of one key fail as a server's would.
	 */
	static final class FailingBackend extends RecordingCacheBackend {

		private final String failingKey;

		FailingBackend(String failingKey) {
			super(MemoryCacheBackend.builder("failing").build());
			this.failingKey = failingKey;
		}

		@Override
		public void set(String key, StoredValue value, @Nullable Duration ttl) {
			if (key.equals(this.failingKey)) {
				throw new CacheBackendException("Server refused '" + key + "'", null);
			}
			super.set(key, value, ttl);
		}

	}

}
