package io.cacheobj.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.cacheobj.testsupport.ValueTypes;
import io.cacheobj.testsupport.ValueTypes.Tally;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Atomic updates, single-flight loads and asynchronous calls of entities on a real
 * backend, under contention. One subclass per backend.
 */
public abstract class AbstractAtomicEntityContractTests extends AbstractEntityContractTests {

	private final ExecutorService executor = Executors.newFixedThreadPool(64);

	@AfterEach
	void stopThreads() throws InterruptedException {
		this.executor.shutdownNow();
		assertThat(this.executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void compareAndSetFromManyThreadsLosesNoUpdate() throws Exception {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		values.tally.set(new Tally(0));
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			workers.add(this.executor.submit(() -> {
				ValueTypes mine = this.repository.get(ValueTypes.class, this.id);
				for (int i = 0; i < 500; i++) {
					Tally current;
					do {
						current = mine.tally.get();
					}
					while (!mine.tally.compareAndSet(current, new Tally(current.count() + 1)));
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(120, TimeUnit.SECONDS);
		}
		assertThat(values.tally.get()).isEqualTo(new Tally(8000));
	}

	@Test
	void compareAndSetComparesWithAbsenceAndDeletes() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		assertThat(values.text.compareAndSet("x", "y")).isFalse();
		assertThat(values.text.compareAndSet(null, "first")).isTrue();
		assertThat(values.text.compareAndSet(null, "second")).isFalse();
		assertThat(values.text.compareAndSet("first", null)).isTrue();
		assertThat(values.text.get()).isNull();
	}

	@Test
	void compareAndSetMatchesAValueAnotherClientWroteWithTheSameText() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		writeRaw(values.text.key(), "python wrote this".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(values.text.compareAndSet("python wrote this", "java replaced it")).isTrue();
		assertThat(values.text.get()).isEqualTo("java replaced it");
	}

	@Test
	void setIfAbsentFromManyThreadsHasExactlyOneWinner() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> attempts = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			String value = "thread " + t;
			attempts.add(this.executor.submit(() -> {
				start.await();
				return this.repository.get(ValueTypes.class, this.id).text.setIfAbsent(value);
			}));
		}
		start.countDown();
		int winners = 0;
		for (Future<Boolean> attempt : attempts) {
			winners += attempt.get(30, TimeUnit.SECONDS) ? 1 : 0;
		}
		assertThat(winners).isEqualTo(1);
		assertThat(this.repository.get(ValueTypes.class, this.id).text.get()).startsWith("thread ");
	}

	@Test
	void touchGivesANewTimeToLiveThatExpiresOnTime() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		assertThat(values.text.touch(Duration.ofSeconds(1))).isFalse();
		values.text.set("short-lived", Duration.ofSeconds(1));
		assertThat(values.text.touch(Duration.ofSeconds(30))).isTrue();
		assertThat(values.brief.setIfAbsent("brief")).isTrue();
		assertThat(values.brief.touch(Duration.ofSeconds(2))).isTrue();
		values.counter.incrementAndGet();
		assertThat(values.counter.touch(Duration.ofSeconds(1))).isTrue();
		await().atMost(Duration.ofSeconds(6)).until(() -> values.counter.get() == 0 && values.brief.get() == null);
		assertThat(values.text.get()).isEqualTo("short-lived");
	}

	@Test
	void getAndSetReturnsThePreviousValue() {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		assertThat(values.text.getAndSet("one")).isNull();
		assertThat(values.text.getAndSet("two")).isEqualTo("one");
		assertThat(values.text.getAndSet(null)).isEqualTo("two");
		assertThat(values.text.get()).isNull();
	}

	@Test
	void computeIfAbsentRunsTheLoaderOncePerKeyWhateverTheThreads() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> readers = new ArrayList<>();
		for (int t = 0; t < 64; t++) {
			readers.add(this.executor.submit(() -> {
				start.await();
				return this.repository.get(ValueTypes.class, this.id).text.computeIfAbsent(() -> {
					calls.incrementAndGet();
					sleep(100);
					return "computed";
				});
			}));
		}
		start.countDown();
		for (Future<String> reader : readers) {
			assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo("computed");
		}
		assertThat(calls).hasValue(1);
		assertThat(this.repository.get(ValueTypes.class, this.id).text.get()).isEqualTo("computed");
		assertThat(this.repository.get(ValueTypes.class, this.id).text.computeIfAbsent(() -> "other"))
			.isEqualTo("computed");
	}

	@Test
	void computeIfAbsentWithAFailingLoaderStoresNothingAndEveryCallerSeesTheFailure() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<String>> readers = new ArrayList<>();
		for (int t = 0; t < 16; t++) {
			readers.add(this.executor.submit(() -> {
				start.await();
				return this.repository.get(ValueTypes.class, this.id).text.computeIfAbsent(() -> {
					sleep(100);
					throw new IllegalStateException("loader failed");
				});
			}));
		}
		start.countDown();
		for (Future<String> reader : readers) {
			assertThat(reader).failsWithin(Duration.ofSeconds(30))
				.withThrowableOfType(java.util.concurrent.ExecutionException.class)
				.havingCause()
				.isInstanceOf(IllegalStateException.class)
				.withMessage("loader failed");
		}
		assertThat(this.repository.get(ValueTypes.class, this.id).text.get()).isNull();
		assertThat(this.repository.get(ValueTypes.class, this.id).text.computeIfAbsent(() -> null)).isNull();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.repository.get(ValueTypes.class, this.id).text.computeIfAbsent(() -> {
				throw new IllegalStateException("again");
			}))
			.withMessage("again");
	}

	@Test
	void asyncCallsGiveWhatTheBlockingOnesGive() throws Exception {
		ValueTypes values = this.repository.get(ValueTypes.class, this.id);
		assertThat(values.text.getAsync().get(10, TimeUnit.SECONDS)).isNull();
		values.text.setAsync("async").get(10, TimeUnit.SECONDS);
		assertThat(values.text.get()).isEqualTo("async");
		assertThat(values.text.getCached()).isEqualTo("async");
		assertThat(values.text.getAsync().get(10, TimeUnit.SECONDS)).isEqualTo("async");
		values.address.setAsync(new ValueTypes.Address("Main", 2), Duration.ofMinutes(1)).get(10, TimeUnit.SECONDS);
		assertThat(values.address.getAsync().get(10, TimeUnit.SECONDS)).isEqualTo(new ValueTypes.Address("Main", 2));
		assertThat(values.counter.addAndGetAsync(5).get(10, TimeUnit.SECONDS)).isEqualTo(5);
		assertThat(values.counter.addAndGetAsync(-2).get(10, TimeUnit.SECONDS)).isEqualTo(3);
		ValueTypes loaded = this.repository.loadAsync(ValueTypes.class, this.id).get(10, TimeUnit.SECONDS);
		assertThat(loaded.text.getCached()).isEqualTo("async");
		List<ValueTypes> all = this.repository.loadAllAsync(ValueTypes.class, List.of(this.id, "other-" + this.id))
			.get(10, TimeUnit.SECONDS);
		assertThat(all).extracting((each) -> each.text.getCached()).containsExactly("async", null);
		values.text.setAsync(null).get(10, TimeUnit.SECONDS);
		assertThat(values.text.get()).isNull();
		writeRaw(values.number.key(), "not a number".getBytes(java.nio.charset.StandardCharsets.UTF_8));
		assertThat(values.number.getAsync()).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.havingCause()
			.isInstanceOf(io.cacheobj.CacheValueException.class);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
