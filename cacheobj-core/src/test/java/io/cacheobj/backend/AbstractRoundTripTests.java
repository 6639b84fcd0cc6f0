package io.cacheobj.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.AbstractWriteBatchTests.BatchUser;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.cache.CacheObjCacheManager;
import io.cacheobj.testsupport.CountingCacheBackend;
import io.cacheobj.testsupport.ValueTypes.Address;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The round trips of every path users take, counted where the backend counts them (a
 * server's command statistics, or the calls of a counting decorator) and compared with
 * one table per backend and topology: a change that adds a command fails and names the
 * path, such as {@code loadAll 100x5 on cluster: expected 3 evalsha, saw 6}.
 * <p>
 * Each path runs once to warm connections and scripts, then on fresh data again, counted.
 * Entities have five properties ({@link BatchUser}); a composite entity has three on the
 * backend under test and two on a counted memory backend, {@code other}, whose calls are
 * counted as {@code other:<method>}.
 */
public abstract class AbstractRoundTripTests {

	/** Entries of the Spring cache that {@link Path#CACHE_CLEAR} clears. */
	protected static final int CACHE_ENTRIES = 2500;

	private static final Duration TTL = Duration.ofMinutes(10);

	private final CountingCacheBackend other = new CountingCacheBackend(MemoryCacheBackend.builder("other").build());

	private CacheObjBinding binding;

	private CacheObjBinding nearBinding;

	private CacheEntityRepository repository;

	private CacheEntityRepository nearRepository;

	private AnnotationConfigApplicationContext context;

	/** What a path checks once its commands are counted. */
	private Runnable check = () -> {
	};

	/**
	 * The paths, each with what it does.
	 */
	protected enum Path {

		GET("get"),

		NEAR_CACHE_GET("get hit in the near cache"),

		LOAD_1("load 1x5"),

		LOAD_ALL_1("loadAll 1x5"),

		LOAD_ALL_100("loadAll 100x5"),

		LOAD_ALL_1000("loadAll 1000x5"),

		COMPOSITE_LOAD("load of a composite entity on two backends"),

		BATCH_1("write batch of 1"),

		BATCH_500("write batch of 500"),

		BATCH_5000("write batch of 5000"),

		INCREMENT("counter incrementAndGet"),

		COUNTER_GET("counter get"),

		COMPARE_AND_SET("compareAndSet"),

		CACHEABLE_HIT("@Cacheable hit"),

		CACHEABLE_MISS("@Cacheable miss"),

		CACHE_CLEAR("Spring cache clear() of " + CACHE_ENTRIES + " entries");

		private final String description;

		Path(String description) {
			this.description = description;
		}

		@Override
		public String toString() {
			return this.description;
		}

	}

	/**
	 * Return the topology, in failure messages.
	 * @return such as {@code cluster}
	 */
	protected abstract String topology();

	/**
	 * Return the backend under test.
	 * @return the backend
	 */
	protected abstract CacheBackend backend();

	/**
	 * Return what the backend counted so far, by command; only differences count.
	 * @return the counts
	 */
	protected abstract Map<String, Long> commands();

	/**
	 * Return the table: the commands a path takes on this backend and topology, by the
	 * names {@link #commands()} uses; every other command must not move.
	 * @param path the path
	 * @return the expected counts, each exact or a range
	 */
	protected abstract Map<String, Expected> expected(Path path);

	/**
	 * Return whether the Spring cache clears this backend by namespace version.
	 * @return whether it does, as on memcached
	 */
	protected boolean namespaceVersioned() {
		return false;
	}

	/**
	 * Called before the Spring cache's entries are written for {@link Path#CACHE_CLEAR},
	 * such as to empty a server whose {@code SCAN} visits every key.
	 */
	protected void beforeCacheClear() {
	}

	/**
	 * Return an exact count.
	 * @param count the count
	 * @return the expectation
	 */
	protected static Expected exactly(long count) {
		return new Expected(count, count);
	}

	/**
	 * Return a range, for counts the server decides, such as {@code SCAN}'s calls.
	 * @param min the least
	 * @param max the most
	 * @return the expectation
	 */
	protected static Expected between(long min, long max) {
		return new Expected(min, max);
	}

	@BeforeEach
	void bind() {
		this.binding = CacheObjBinding.builder()
			.backend("backend", backend(), null)
			.backend("other", this.other, null)
			.defaultBackend("backend")
			.build();
		this.repository = this.binding.repository();
		this.nearBinding = CacheObjBinding.builder()
			.backend("backend", backend(), null)
			.nearCache("backend", 10_000, Duration.ofMinutes(1), Duration.ofMinutes(1), null)
			.defaultBackend("backend")
			.build();
		this.nearRepository = this.nearBinding.repository();
		CacheObjCacheManager.Builder manager = CacheObjCacheManager.builder(this.binding)
			.trustedPackages(List.of("io.cacheobj.testsupport"));
		if (namespaceVersioned()) {
			manager.namespaceVersioned("backend");
		}
		this.context = new AnnotationConfigApplicationContext();
		this.context.registerBean(CacheManager.class, manager::build);
		this.context.register(CachingConfiguration.class);
		this.context.refresh();
	}

	@AfterEach
	void unbind() {
		this.context.close();
		this.nearBinding.close();
		this.binding.close();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Path.class)
	void everyPathTakesTheRoundTripsOfItsTable(Path path) {
		prepare(path).run();
		Runnable action = prepare(path);
		Map<String, Long> before = counts();
		action.run();
		Map<String, Long> after = counts();
		this.check.run();
		Map<String, Expected> expected = expected(path);
		List<String> wrong = new ArrayList<>();
		TreeSet<String> commands = new TreeSet<>(after.keySet());
		commands.addAll(expected.keySet());
		Map<String, Long> seen = new TreeMap<>();
		for (String command : commands) {
			long delta = after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
			if (delta != 0) {
				seen.put(command, delta);
			}
			Expected count = expected.getOrDefault(command, exactly(0));
			if (delta < count.min() || delta > count.max()) {
				wrong.add("expected " + count + " " + command + ", saw " + delta);
			}
		}
		assertThat(wrong).as("%s on %s (all commands seen: %s)", path, topology(), seen).isEmpty();
	}

	private Map<String, Long> counts() {
		Map<String, Long> counts = new TreeMap<>(commands());
		this.other.calls().forEach((method, count) -> counts.put("other:" + method, count));
		return counts;
	}

	/**
	 * Write what a path needs, on fresh keys, and return the path itself.
	 */
	private Runnable prepare(Path path) {
		String prefix = UUID.randomUUID().toString().substring(0, 8) + "-";
		return switch (path) {
			case GET -> {
				this.repository.get(BatchUser.class, prefix).name.set("n");
				yield () -> assertThat(this.repository.get(BatchUser.class, prefix).name.get()).isEqualTo("n");
			}
			case NEAR_CACHE_GET -> {
				this.nearRepository.get(BatchUser.class, prefix).name.set("n");
				assertThat(this.nearRepository.get(BatchUser.class, prefix).name.get()).isEqualTo("n");
				yield () -> assertThat(this.nearRepository.get(BatchUser.class, prefix).name.get()).isEqualTo("n");
			}
			case LOAD_1 -> {
				write(prefix, 1);
				yield () -> assertThat(this.repository.load(BatchUser.class, prefix + 0).address.getCached())
					.isEqualTo(new Address("Street 0", 0));
			}
			case LOAD_ALL_1 -> loadAll(prefix, 1);
			case LOAD_ALL_100 -> loadAll(prefix, 100);
			case LOAD_ALL_1000 -> loadAll(prefix, 1000);
			case COMPOSITE_LOAD -> {
				Composite composite = this.repository.get(Composite.class, prefix);
				composite.first.set("1");
				composite.second.set("2");
				composite.third.set("3");
				composite.fourth.set("4");
				composite.fifth.set("5");
				yield () -> {
					Composite loaded = this.repository.load(Composite.class, prefix);
					assertThat(loaded.third.getCached()).isEqualTo("3");
					assertThat(loaded.fifth.getCached()).isEqualTo("5");
				};
			}
			case BATCH_1 -> batch(prefix, 1);
			case BATCH_500 -> batch(prefix, 500);
			case BATCH_5000 -> batch(prefix, 5000);
			case INCREMENT -> {
				BatchUser user = this.repository.get(BatchUser.class, prefix);
				user.logins.incrementAndGet();
				yield () -> assertThat(user.logins.incrementAndGet()).isEqualTo(2);
			}
			case COUNTER_GET -> {
				BatchUser user = this.repository.get(BatchUser.class, prefix);
				user.logins.addAndGet(3);
				yield () -> assertThat(user.logins.get()).isEqualTo(3);
			}
			case COMPARE_AND_SET -> {
				BatchUser user = this.repository.get(BatchUser.class, prefix);
				user.name.set("a");
				yield () -> assertThat(user.name.compareAndSet("a", "b")).isTrue();
			}
			case CACHEABLE_HIT -> {
				Lookups lookups = this.context.getBean(Lookups.class);
				lookups.lookup(prefix);
				int calls = lookups.calls();
				yield () -> {
					assertThat(lookups.lookup(prefix)).isEqualTo(new Address(prefix, 1));
					assertThat(lookups.calls()).isEqualTo(calls);
				};
			}
			case CACHEABLE_MISS -> {
				Lookups lookups = this.context.getBean(Lookups.class);
				int calls = lookups.calls();
				yield () -> {
					assertThat(lookups.lookup(prefix)).isEqualTo(new Address(prefix, 1));
					assertThat(lookups.calls()).isEqualTo(calls + 1);
				};
			}
			case CACHE_CLEAR -> {
				beforeCacheClear();
				Cache cache = this.context.getBean(CacheManager.class).getCache("clear-" + prefix);
				for (int i = 0; i < CACHE_ENTRIES; i++) {
					cache.put(i, "v" + i);
				}
				this.check = () -> assertThat(cache.get(0)).isNull();
				yield cache::clear;
			}
		};
	}

	/**
	 * Write five properties of each of {@code count} objects, in one batch.
	 */
	private void write(String prefix, int count) {
		CacheWriteBatch batch = this.repository.batch();
		for (int i = 0; i < count; i++) {
			BatchUser user = this.repository.get(BatchUser.class, prefix + i);
			batch.set(user.name, "n" + i)
				.set(user.token, "t" + i)
				.set(user.score, (long) i)
				.set(user.address, new Address("Street " + i, i))
				.add(user.logins, i + 1);
		}
		batch.execute();
	}

	private Runnable loadAll(String prefix, int count) {
		write(prefix, count);
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(prefix + i);
		}
		return () -> {
			List<BatchUser> users = this.repository.loadAll(BatchUser.class, ids);
			assertThat(users).hasSize(count);
			assertThat(users.get(count - 1).name.getCached()).isEqualTo("n" + (count - 1));
		};
	}

	private Runnable batch(String prefix, int count) {
		List<BatchUser> users = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			users.add(this.repository.get(BatchUser.class, prefix + i));
		}
		return () -> {
			CacheWriteBatch batch = this.repository.batch();
			for (int i = 0; i < count; i++) {
				batch.set(users.get(i).name, "b" + i, TTL);
			}
			batch.execute();
		};
	}

	/**
	 * An expected count: exact when {@code min == max}.
	 *
	 * @param min the least
	 * @param max the most
	 */
	protected record Expected(long min, long max) {

		@Override
		public String toString() {
			return (this.min == this.max) ? Long.toString(this.min) : this.min + " to " + this.max;
		}

	}

	/**
	 * Three properties on the backend under test, two on {@code other}.
	 */
	@CacheEntity
	public static class Composite {

		@CacheId
		public String id;

		@CachedProperty
		public CachedValue<String> first;

		@CachedProperty
		public CachedValue<String> second;

		@CachedProperty
		public CachedValue<String> third;

		@CachedProperty(backend = "other")
		public CachedValue<String> fourth;

		@CachedProperty(backend = "other")
		public CachedValue<String> fifth;

	}

	/**
	 * A service whose lookups Spring caches in {@code lookups}.
	 */
	public static class Lookups {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@Cacheable("lookups")
		public Address lookup(String id) {
			this.calls.incrementAndGet();
			return new Address(id, 1);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingConfiguration {

		@Bean
		Lookups lookups() {
			return new Lookups();
		}

	}

}
