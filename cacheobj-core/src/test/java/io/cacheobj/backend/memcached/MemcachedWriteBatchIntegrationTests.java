package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheWriteBatch;
import io.cacheobj.backend.AbstractWriteBatchTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The batch scenario on a real memcached server: its statistics count every operation, a
 * delaying proxy shows one round trip, and python-memcached reads what the batch wrote.
 */
class MemcachedWriteBatchIntegrationTests extends AbstractWriteBatchTests {

	private static final Duration DELAY = Duration.ofMillis(200);

	private static ManagedServer server;

	private static MemcachedCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(Kind.MEMCACHED) ManagedServer started) {
		server = started;
		backend = MemcachedCacheBackend
			.builder("memcached", List.of(new InetSocketAddress(started.host(), started.port())))
			.timeout(Duration.ofSeconds(5))
			.build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	/**
	 * Odd objects have no counter yet: their {@code incr} misses and an {@code add}
	 * creates it, as {@code addAndGet} does.
	 */
	@Override
	protected void execute(CacheWriteBatch batch) {
		String before = server.send("stats");
		batch.execute();
		String after = server.send("stats");
		assertThat(delta(before, after, "cmd_set")).isEqualTo(3 * OBJECTS + OBJECTS - DELETED_SCORES + OBJECTS / 2);
		assertThat(delta(before, after, "delete_hits") + delta(before, after, "delete_misses"))
			.isEqualTo(DELETED_SCORES);
		assertThat(delta(before, after, "incr_hits")).isEqualTo(OBJECTS / 2);
		assertThat(delta(before, after, "incr_misses")).isEqualTo(OBJECTS / 2);
		assertThat(delta(before, after, "cmd_get")).isZero();
	}

	private static long delta(String before, String after, String stat) {
		return stat(after, stat) - stat(before, stat);
	}

	private static long stat(String stats, String name) {
		Matcher matcher = Pattern.compile("STAT " + name + " (\\d+)").matcher(stats);
		assertThat(matcher.find()).as(name).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	@Test
	void batchTakesOneRoundTrip() {
		try (TcpProxy proxy = TcpProxy.delaying(server, DELAY)) {
			MemcachedCacheBackend far = MemcachedCacheBackend
				.builder("far", List.of(new InetSocketAddress("127.0.0.1", proxy.port())))
				.timeout(Duration.ofSeconds(20))
				.build();
			try {
				CacheEntityRepository repository = repository(far);
				repository.get(BatchUser.class, "warm").name.get();
				prepare(this.repository, this.prefix);
				for (int i = 1; i < OBJECTS; i += 2) {
					this.repository.get(BatchUser.class, this.prefix + i).logins.addAndGet(10);
				}
				CacheWriteBatch batch = batch(repository, this.prefix);
				long start = System.nanoTime();
				batch.execute();
				Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
				System.out.println("memcached batch of 500 writes, 200 ms away: " + elapsed.toMillis() + " ms");
				assertThat(elapsed).isGreaterThanOrEqualTo(DELAY).isLessThan(DELAY.multipliedBy(3));
			}
			finally {
				far.destroy();
			}
		}
	}

	@Test
	void aBatchToASilentServerFailsWithinOneTimeoutNamingTheBackend() {
		try (TcpProxy proxy = TcpProxy.to(server.port())) {
			MemcachedCacheBackend silent = MemcachedCacheBackend
				.builder("silent", List.of(new InetSocketAddress("127.0.0.1", proxy.port())))
				.timeout(Duration.ofMillis(500))
				.build();
			try {
				CacheEntityRepository repository = repository(silent);
				repository.get(BatchUser.class, "warm").name.get();
				proxy.freeze();
				CacheWriteBatch batch = batch(repository, this.prefix);
				long start = System.nanoTime();
				assertThatExceptionOfType(CacheBackendException.class).isThrownBy(batch::execute)
					.withMessageContaining("'silent'")
					.withMessageContaining(String.valueOf(batch.size()));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
			}
			finally {
				proxy.heal();
				silent.destroy();
			}
		}
	}

	@Test
	void executeAsyncReturnsAtOnceWhenTheServerIsSilentAndFailsWithinTheTimeout() {
		try (TcpProxy proxy = TcpProxy.to(server.port())) {
			Duration timeout = Duration.ofSeconds(2);
			MemcachedCacheBackend silent = MemcachedCacheBackend
				.builder("silent", List.of(new InetSocketAddress("127.0.0.1", proxy.port())))
				.timeout(timeout)
				.build();
			try {
				CacheEntityRepository repository = repository(silent);
				repository.get(BatchUser.class, "warm").name.get();
				proxy.freeze();
				CacheWriteBatch batch = repository.batch();
				for (int i = 0; i < 2_500; i++) {
					BatchUser user = repository.get(BatchUser.class, this.prefix + i);
					batch.set(user.name, "n" + i).add(user.logins, 1);
				}
				long start = System.nanoTime();
				CompletableFuture<Void> written = batch.executeAsync();
				Duration returnedAfter = Duration.ofNanos(System.nanoTime() - start);
				assertThat(written).isNotDone();
				assertThat(returnedAfter).isLessThan(timeout);
				assertThatExceptionOfType(CompletionException.class).isThrownBy(written::join)
					.havingCause()
					.isInstanceOf(CacheBackendException.class)
					.withMessageContaining("'silent'")
					.withMessageContaining("5000");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.multipliedBy(3));
			}
			finally {
				proxy.heal();
				silent.destroy();
			}
		}
	}

	/**
	 * spymemcached refuses every operation sent from an interrupted thread, so a batch
	 * sent from its caller's thread would fail.
	 */
	@Test
	void executeAsyncSendsNothingOnTheCallersThread() {
		prepare(this.repository, this.prefix);
		CacheWriteBatch batch = batch(this.repository, this.prefix);
		CompletableFuture<Void> written;
		Thread.currentThread().interrupt();
		try {
			written = batch.executeAsync();
		}
		finally {
			assertThat(Thread.interrupted()).isTrue();
		}
		written.join();
		assertApplied(this.repository, this.prefix);
	}

	/**
	 * The {@code incr} of a missing counter is answered before its {@code add} is sent,
	 * so a later write of the key must wait for both.
	 */
	@Test
	void aWriteAfterAnIncrementOfAMissingCounterIsAppliedAfterIt() {
		CacheWriteBatch batch = this.repository.batch();
		for (int i = 0; i < 50; i++) {
			BatchUser user = this.repository.get(BatchUser.class, this.prefix + i);
			batch.add(user.logins, 5).delete(user.logins);
		}
		batch.execute();
		for (int i = 0; i < 50; i++) {
			assertThat(this.repository.get(BatchUser.class, this.prefix + i).logins.get()).isZero();
		}
	}

	@Test
	void pythonMemcachedReadsWhatABatchWrote() {
		prepare(this.repository, this.prefix);
		batch(this.repository, this.prefix).execute();
		String printed = PythonInterop.run("memcache", """
				import json
				mc = memcache.Client([sys.argv[1]])
				p = 'BatchUser.' + sys.argv[2]
				print(mc.get(p + '1.name'))
				print(mc.get(p + '2.score') + 1)
				print(json.loads(mc.get(p + '4.address'))['street'])
				print(mc.get(p + '4.logins'))
				print(mc.get(p + '3.score'))
				""", server.host() + ":" + server.port(), this.prefix);
		assertThat(printed).isEqualTo("name 1\n3\nStreet 4\n15\nNone");
	}

}
