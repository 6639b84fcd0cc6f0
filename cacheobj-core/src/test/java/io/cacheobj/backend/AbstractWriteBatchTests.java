package io.cacheobj.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.ValueTypes.Address;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch of 100 objects of 5 properties (values, JSON, mixed times to live, deletes and
 * counter additions) applied exactly on one backend, then its times to live expiring. One
 * subclass per backend, each adding how it proves the batch took one round trip.
 */
public abstract class AbstractWriteBatchTests {

	/** Objects in the batch. */
	protected static final int OBJECTS = 100;

	/** Objects whose score is deleted: every third. */
	protected static final int DELETED_SCORES = 34;

	protected String prefix;

	protected CacheEntityRepository repository;

	/**
	 * Return the backend under test.
	 * @return the backend
	 */
	protected abstract CacheBackend backend();

	/**
	 * Return a repository on a backend.
	 * @param backend the backend
	 * @return the repository, the backend as its default
	 */
	protected static CacheEntityRepository repository(CacheBackend backend) {
		return CacheObjBinding.builder()
			.backend("backend", backend, null)
			.defaultBackend("backend")
			.build()
			.repository();
	}

	@BeforeEach
	void bind() {
		this.prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
		this.repository = repository(backend());
	}

	/**
	 * Write what the batch changes beforehand: every score, and a count of 10 on every
	 * even object's logins.
	 * @param repository the repository
	 * @param prefix the prefix of the ids
	 */
	protected static void prepare(CacheEntityRepository repository, String prefix) {
		for (int i = 0; i < OBJECTS; i++) {
			BatchUser user = repository.get(BatchUser.class, prefix + i);
			user.score.set(-1L);
			if (i % 2 == 0) {
				user.logins.addAndGet(10);
			}
		}
	}

	/**
	 * Queue the batch: 500 writes.
	 * @param repository the repository
	 * @param prefix the prefix of the ids
	 * @return the batch
	 */
	protected static CacheWriteBatch batch(CacheEntityRepository repository, String prefix) {
		CacheWriteBatch batch = repository.batch();
		for (int i = 0; i < OBJECTS; i++) {
			BatchUser user = repository.get(BatchUser.class, prefix + i);
			batch.set(user.name, "name " + i)
				.set(user.token, "token " + i, (i % 2 == 0) ? Duration.ofMillis(1500) : Duration.ofMinutes(10))
				.set(user.address, new Address("Street " + i, i))
				.add(user.logins, i + 1);
			if (i % 3 == 0) {
				batch.delete(user.score);
			}
			else {
				batch.set(user.score, (long) i);
			}
		}
		assertThat(batch.size()).isEqualTo(OBJECTS * 5);
		return batch;
	}

	/**
	 * Check that every write of the batch was applied, read back with one bulk read.
	 * @param repository the repository
	 * @param prefix the prefix of the ids
	 */
	protected static void assertApplied(CacheEntityRepository repository, String prefix) {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < OBJECTS; i++) {
			ids.add(prefix + i);
		}
		List<BatchUser> users = repository.loadAll(BatchUser.class, ids);
		for (int i = 0; i < OBJECTS; i++) {
			BatchUser user = users.get(i);
			assertThat(user.name.getCached()).isEqualTo("name " + i);
			assertThat(user.token.getCached()).isEqualTo("token " + i);
			assertThat(user.address.getCached()).isEqualTo(new Address("Street " + i, i));
			assertThat(user.score.getCached()).isEqualTo((i % 3 == 0) ? null : (long) i);
			assertThat(user.logins.get()).isEqualTo(i + 1 + ((i % 2 == 0) ? 10 : 0));
		}
	}

	/**
	 * Execute the batch, checking what the backend can tell of its round trips.
	 * @param batch the batch of {@link #batch}
	 */
	protected void execute(CacheWriteBatch batch) {
		batch.execute();
	}

	@Test
	void batchIsAppliedExactlyAndItsTtlsExpire() {
		prepare(this.repository, this.prefix);
		CacheWriteBatch batch = batch(this.repository, this.prefix);
		execute(batch);
		assertApplied(this.repository, this.prefix);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < OBJECTS; i++) {
			ids.add(this.prefix + i);
		}
		// The entries were written a few milliseconds apart (on a cluster, node by node):
		// wait until every one with a TTL is gone, then check that only those went.
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> this.repository.loadAll(BatchUser.class, ids)
				.stream()
				.filter((user) -> user.token.getCached() != null)
				.count() == OBJECTS / 2);
		List<BatchUser> users = this.repository.loadAll(BatchUser.class, ids);
		for (int i = 0; i < OBJECTS; i++) {
			assertThat(users.get(i).token.getCached()).isEqualTo((i % 2 == 0) ? null : "token " + i);
			assertThat(users.get(i).name.getCached()).isEqualTo("name " + i);
		}
	}

	@Test
	void asyncBatchIsAppliedExactly() {
		prepare(this.repository, this.prefix);
		batch(this.repository, this.prefix).executeAsync().join();
		assertApplied(this.repository, this.prefix);
	}

	@Test
	void hundredThousandWritesAreApplied() {
		CacheWriteBatch batch = this.repository.batch();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 50_000; i++) {
			BatchUser user = this.repository.get(BatchUser.class, this.prefix + i);
			batch.set(user.name, "n" + i).add(user.logins, 2);
			if (i % 500 == 0) {
				ids.add(this.prefix + i);
			}
		}
		assertThat(batch.size()).isEqualTo(100_000);
		batch.execute();
		List<BatchUser> users = this.repository.loadAll(BatchUser.class, ids);
		for (int i = 0; i < ids.size(); i++) {
			assertThat(users.get(i).name.getCached()).isEqualTo("n" + (i * 500));
			assertThat(users.get(i).logins.get()).isEqualTo(2);
		}
	}

	/**
	 * Five properties: keys {@code BatchUser.<id>.<field>}.
	 */
	@CacheEntity
	public static class BatchUser {

		@CacheId
		public String id;

		@CachedProperty
		public CachedValue<String> name;

		@CachedProperty
		public CachedValue<String> token;

		@CachedProperty
		public CachedValue<Long> score;

		@CachedProperty
		public CachedValue<Address> address;

		@CachedProperty
		public CachedCounter logins;

	}

}
