package io.cacheobj.benchmarks;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.metrics.CacheObjMetrics;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * cacheobj's memory backend, with and without Micrometer timers, against a plain Caffeine
 * cache read with a precomputed key.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class MemoryBenchmarks {

	BenchUser[] users;

	BenchUser[] meteredUsers;

	BenchUser[] observedUsers;

	Cache<String, String> caffeine;

	String[] keys;

	@Setup
	public void setUp() {
		CacheEntityRepository repository = CacheObjBinding.builder()
			.backend("memory", MemoryCacheBackend.builder("memory").build(), null)
			.defaultBackend("memory")
			.build()
			.repository();
		CacheEntityRepository metered = CacheObjBinding.builder()
			.backend("memory",
					CacheObjMetrics.decorate("memory", MemoryCacheBackend.builder("memory").build(),
							new SimpleMeterRegistry()),
					null)
			.defaultBackend("memory")
			.build()
			.repository();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		ObservationRegistry observations = ObservationRegistry.create();
		observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
		CacheEntityRepository observed = CacheObjBinding.builder()
			.backend("memory",
					CacheObjMetrics.decorate("memory", MemoryCacheBackend.builder("memory").build(), observations,
							meters),
					null)
			.defaultBackend("memory")
			.build()
			.repository();
		this.meteredUsers = new BenchUser[BenchData.OBJECTS];
		this.observedUsers = new BenchUser[BenchData.OBJECTS];
		this.caffeine = Caffeine.newBuilder().maximumSize(100_000).build();
		this.users = new BenchUser[BenchData.OBJECTS];
		this.keys = new String[BenchData.OBJECTS];
		for (int i = 0; i < BenchData.OBJECTS; i++) {
			this.users[i] = repository.get(BenchUser.class, BenchData.id(i));
			this.users[i].p1.set(BenchData.value(i, 1));
			this.meteredUsers[i] = metered.get(BenchUser.class, BenchData.id(i));
			this.meteredUsers[i].p1.set(BenchData.value(i, 1));
			this.observedUsers[i] = observed.get(BenchUser.class, BenchData.id(i));
			this.keys[i] = BenchData.key(i, 1);
			this.caffeine.put(this.keys[i], BenchData.value(i, 1));
		}
	}

	@Benchmark
	public String getCacheobj(Cursor cursor) {
		return this.users[cursor.next()].p1.get();
	}

	@Benchmark
	public String getCacheobjMetered(Cursor cursor) {
		return this.meteredUsers[cursor.next()].p1.get();
	}

	@Benchmark
	public String getCacheobjObserved(Cursor cursor) {
		return this.observedUsers[cursor.next()].p1.get();
	}

	@Benchmark
	public String getCaffeine(Cursor cursor) {
		return this.caffeine.getIfPresent(this.keys[cursor.next()]);
	}

}
