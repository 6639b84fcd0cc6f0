package io.cacheobj.backend.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.cacheobj.backend.InvalidationListener;
import io.cacheobj.backend.InvalidationSource;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import io.cacheobj.testsupport.RecordingInvalidationListener;
import io.cacheobj.testsupport.RedisTestSupport;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RedisInvalidations} against a real standalone Redis server.
 */
class RedisInvalidationsIntegrationTests {

	private static final AtomicInteger counter = new AtomicInteger();

	private static ManagedServer server;

	private static RedisClient rawClient;

	private static StatefulRedisConnection<String, String> rawConnection;

	private final List<AutoCloseable> resources = new ArrayList<>();

	@BeforeAll
	static void connect(@RealServer(Kind.REDIS) ManagedServer redis) {
		server = redis;
		rawClient = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
		rawConnection = rawClient.connect();
	}

	@AfterAll
	static void disconnect() {
		rawConnection.close();
		rawClient.shutdown(0, 2, TimeUnit.SECONDS);
	}

	@AfterEach
	void closeResources() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void writesByAnyClientUnderTrackedPrefixesAreInvalidated(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		start(server, name(test), List.of(prefix), listener);
		redis().set(prefix + "lettuce", "1");
		listener.awaitEvent("invalidate " + prefix + "lettuce");
		RedisTestSupport.redisCli(server, "SET", prefix + "cli", "1");
		listener.awaitEvent("invalidate " + prefix + "cli");
		redis().del(prefix + "lettuce");
		redis().set("elsewhere:" + prefix, "1");
		redis().set(prefix + "marker", "1");
		listener.awaitEvent("invalidate " + prefix + "marker");
		assertThat(listener.events()).containsExactly("tracking true", "invalidate " + prefix + "lettuce",
				"invalidate " + prefix + "cli", "invalidate " + prefix + "lettuce", "invalidate " + prefix + "marker");
	}

	@Test
	void aFactoryBuiltFromAUrlIsTrackedOnItsServerNotOnTheDefaultOne(TestInfo test) {
		String prefix = prefix();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration("redis://127.0.0.1:" + server.port() + "/2"));
		factory.afterPropertiesSet();
		factory.start();
		this.resources.add(factory::destroy);
		InvalidationSource source = RedisInvalidations.create(name(test), factory);
		this.resources.add(0, source);
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		source.start(List.of(prefix), listener);
		listener.awaitTracking(true);
		assertThat(clientId(name(test))).isPositive();
		redis().set(prefix + "url", "1");
		listener.awaitEvent("invalidate " + prefix + "url");
	}

	@Test
	void expiredKeysAreInvalidated(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		start(server, name(test), List.of(prefix), listener);
		redis().set(prefix + "brief", "1", SetArgs.Builder.px(50));
		listener.awaitEvent("invalidate " + prefix + "brief");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(listener.events()).containsSubsequence("invalidate " + prefix + "brief",
					"invalidate " + prefix + "brief"));
		assertThat(redis().exists(prefix + "brief")).isZero();
	}

	@Test
	void flushIsInvalidateAll(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		start(server, name(test), List.of(prefix), listener);
		redis().flushall();
		listener.awaitEvent("invalidateAll");
	}

	@Test
	void addedPrefixesAreTrackedWithoutReArming(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix + "a:"), listener);
		source.addPrefixes(List.of(prefix + "b:", prefix + "a:", prefix + "a:x"));
		redis().set(prefix + "b:1", "1");
		redis().set(prefix + "a:1", "1");
		listener.awaitEvent("invalidate " + prefix + "a:1");
		assertThat(listener.events()).containsExactly("tracking true", "invalidate " + prefix + "b:1",
				"invalidate " + prefix + "a:1");
		assertThat(source.details()).containsEntry("prefixes", List.of(prefix + "a:", prefix + "b:"));
	}

	@Test
	void addedPrefixThatCoversTrackedOnesReArmsBetweenTrackingChanges(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix + "a:", prefix + "b:"), listener);
		source.addPrefixes(List.of(prefix));
		assertThat(listener.events()).containsExactly("tracking true", "tracking false", "tracking true");
		redis().set(prefix + "c:1", "1");
		listener.awaitEvent("invalidate " + prefix + "c:1");
		assertThat(source.details()).containsEntry("prefixes", List.of(prefix));
	}

	@Test
	void killedTrackingConnectionIsReplaced(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix), listener);
		assertThat(redis().clientKill(KillArgs.Builder.id(clientId(name(test))))).isEqualTo(1);
		listener.awaitEvent("tracking false");
		listener.awaitTracking(true);
		assertThat(listener.events()).containsExactly("tracking true", "tracking false", "tracking true");
		redis().set(prefix + "after", "1");
		listener.awaitEvent("invalidate " + prefix + "after");
		assertThat(source.details()).containsEntry("reconnects", 1L).containsEntry("tracking", true);
	}

	@Test
	void restartedServerIsTrackedAgain(@RealServer(Kind.REDIS) ManagedServer own, TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(own, name(test), List.of(prefix), listener);
		own.kill();
		listener.awaitTracking(false);
		assertThat(source.isTracking()).isFalse();
		own.start();
		listener.awaitTracking(true);
		assertThat(listener.events()).containsExactly("tracking true", "tracking false", "tracking true");
		RedisTestSupport.redisCli(own, "SET", prefix + "after", "1");
		listener.awaitEvent("invalidate " + prefix + "after");
	}

	@Test
	void serverThatStopsAnsweringCountsAsLost(@RealServer(Kind.REDIS) ManagedServer own, TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		start(own, name(test), List.of(prefix), listener);
		own.signal("STOP");
		try {
			listener.awaitTracking(false);
		}
		finally {
			own.signal("CONT");
		}
		listener.awaitTracking(true);
		RedisTestSupport.redisCli(own, "SET", prefix + "after", "1");
		listener.awaitEvent("invalidate " + prefix + "after");
	}

	@Test
	void detailsDescribeTracking(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix), listener);
		redis().set(prefix + "1", "1");
		listener.awaitEvent("invalidate " + prefix + "1");
		Map<String, Object> details = source.details();
		assertThat(details).containsEntry("tracking", true)
			.containsEntry("mode", "broadcast")
			.containsEntry("topology", "standalone")
			.containsEntry("nodes", Map.of(server.host() + ":" + server.port(), true))
			.containsEntry("pushes", 1L)
			.containsEntry("invalidations", 1L)
			.containsEntry("reconnects", 0L);
		assertThat(source.isTracking()).isTrue();
	}

	@Test
	void closedSourceStopsDeliveringAndReleasesItsThreadAndConnection(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener closing = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix), closing);
		RecordingInvalidationListener open = new RecordingInvalidationListener();
		start(server, name(test) + "-open", List.of(prefix), open);
		String threadName = "cacheobj-tracking-" + name(test);
		assertThat(threadNames()).contains(threadName);
		source.close();
		redis().set(prefix + "after", "1");
		open.awaitEvent("invalidate " + prefix + "after");
		assertThat(closing.events()).containsExactly("tracking true");
		assertThat(source.isTracking()).isFalse();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(threadNames()).doesNotContain(threadName));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(redis().clientList()).doesNotContain("name=" + threadName + " "));
		source.close();
	}

	@Test
	void invalidationDelayAfterWrites(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		start(server, name(test), List.of(prefix), listener);
		int writes = 1000;
		long[] delays = new long[writes];
		long[] fromSend = new long[writes];
		int early = 0;
		for (int i = 0; i < writes; i++) {
			String key = prefix + i;
			long sent = System.nanoTime();
			redis().set(key, "v");
			long replied = System.nanoTime();
			long deadline = replied + TimeUnit.SECONDS.toNanos(5);
			Long invalidated;
			while ((invalidated = listener.invalidatedAt(key)) == null && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(invalidated).as("invalidation of %s", key).isNotNull();
			early += (invalidated < replied) ? 1 : 0;
			delays[i] = Math.max(0, invalidated - replied);
			fromSend[i] = invalidated - sent;
		}
		Arrays.sort(delays);
		Arrays.sort(fromSend);
		double p50 = delays[writes / 2] / 1e6;
		double p99 = delays[writes * 99 / 100] / 1e6;
		System.out.printf(
				"Redis invalidation delay after the SET reply over %d writes: p50 %.3f ms, p99 %.3f ms, "
						+ "max %.3f ms (%d invalidations came before the reply); after the SET was sent: p50 %.3f ms, "
						+ "p99 %.3f ms%n",
				writes, p50, p99, delays[writes - 1] / 1e6, early, fromSend[writes / 2] / 1e6,
				fromSend[writes * 99 / 100] / 1e6);
		assertThat(p99).isLessThan(50);
	}

	@Test
	void optInReportsOnlyTheKeysReadThroughTheSourceOncePerRead(TestInfo test) throws Exception {
		String prefix = prefix();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix), listener, RedisTrackingMode.OPTIN);
		assertThat(source.readsToKeep()).isTrue();
		assertThat(source.details()).containsEntry("mode", "optin");
		redis().set(prefix + "read", "1");
		redis().set(prefix + "unread", "1");
		CompletableFuture<@Nullable StoredValue> read = source.readToKeep(prefix + "read");
		assertThat(read).isNotNull();
		assertThat(read.get(2, TimeUnit.SECONDS).bytes()).isEqualTo("1".getBytes(StandardCharsets.UTF_8));
		CompletableFuture<@Nullable StoredValue> absent = source.readToKeep(prefix + "absent");
		assertThat(absent).isNotNull();
		assertThat(absent.get(2, TimeUnit.SECONDS)).isNull();
		redis().set(prefix + "unread", "2");
		RedisTestSupport.redisCli(server, "SET", prefix + "read", "2");
		redis().set(prefix + "absent", "2");
		redis().set(prefix + "read", "3");
		redis().set(prefix + "marker", "1");
		CompletableFuture<List<@Nullable StoredValue>> all = source.readAllToKeep(List.of(prefix + "marker"));
		assertThat(all).isNotNull();
		assertThat(all.get(2, TimeUnit.SECONDS)).hasSize(1);
		redis().set(prefix + "marker", "2");
		listener.awaitEvent("invalidate " + prefix + "marker");
		assertThat(listener.events()).containsExactly("tracking true", "invalidate " + prefix + "read",
				"invalidate " + prefix + "absent", "invalidate " + prefix + "marker");
	}

	@Test
	void optInReadsOutsideTrackingCannotBeKept(TestInfo test) throws Exception {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
		this.resources.add(factory::destroy);
		InvalidationSource source = RedisInvalidations.create(name(test), factory, null, Duration.ofSeconds(1),
				RedisTrackingMode.OPTIN);
		this.resources.add(0, source);
		assertThat(source.readToKeep("any")).isNull();
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		source.start(List.of(prefix()), listener);
		listener.awaitTracking(true);
		redis().clientKill(KillArgs.Builder.id(clientId(name(test))));
		listener.awaitEvent("tracking false");
		listener.awaitTracking(true);
		CompletableFuture<@Nullable StoredValue> read = source.readToKeep("any");
		assertThat(read).isNotNull();
		assertThat(read.get(2, TimeUnit.SECONDS)).isNull();
		assertThat(source.details()).containsEntry("reconnects", 1L);
	}

	@Test
	void aTrackingConnectionThatStopsReadingIsCutOffByTheServerNotBufferedForWithoutBound(TestInfo test)
			throws Exception {
		assertThat(server.send("CONFIG SET client-output-buffer-limit \"pubsub 256kb 128kb 1\"")).startsWith("+OK");
		CountDownLatch frozen = new CountDownLatch(1);
		CountDownLatch thaw = new CountDownLatch(1);
		try {
			String prefix = prefix();
			RecordingInvalidationListener recording = new RecordingInvalidationListener();
			InvalidationListener listener = new InvalidationListener() {

				@Override
				public void invalidate(String key) {
					recording.invalidate(key);
					if (key.equals(prefix + "freeze")) {
						// Holds the connection's I/O thread, as a long pause would: the
						// connection stops reading what the server pushes.
						frozen.countDown();
						awaitQuietly(thaw);
					}
				}

				@Override
				public void invalidateAll() {
					recording.invalidateAll();
				}

				@Override
				public void trackingChanged(boolean tracking) {
					recording.trackingChanged(tracking);
				}

			};
			LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
			this.resources.add(factory::destroy);
			InvalidationSource source = RedisInvalidations.create(name(test), factory);
			this.resources.add(0, source);
			source.start(List.of(prefix), listener);
			recording.awaitTracking(true);
			long id = clientId(name(test));
			assertThat(redis().clientList()).containsPattern("id=" + id + " .*flags=P");
			redis().set(prefix + "freeze", "1");
			assertThat(frozen.await(5, TimeUnit.SECONDS)).isTrue();
			String padding = "x".repeat(100);
			for (int batch = 0; batch < 200 && redis().clientList().contains("id=" + id + " "); batch++) {
				Map<String, String> values = new HashMap<>();
				for (int i = 0; i < 1000; i++) {
					values.put(prefix + padding + batch + ":" + i, "v");
				}
				redis().mset(values);
			}
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(redis().clientList()).doesNotContain("id=" + id + " "));
			thaw.countDown();
			recording.awaitEvent("tracking false");
			await().atMost(Duration.ofSeconds(10)).until(() -> recording.events().lastIndexOf("tracking true") > 0);
			redis().set(prefix + "after", "1");
			recording.awaitEvent("invalidate " + prefix + "after");
		}
		finally {
			thaw.countDown();
			server.send("CONFIG SET client-output-buffer-limit \"pubsub 32mb 8mb 60\"");
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	void optInSaysWhenTheServersTrackingTableIsSmallerThanTheNearCache(TestInfo test) {
		assertThat(server.send("CONFIG SET tracking-table-max-keys 10")).startsWith("+OK");
		try {
			RecordingInvalidationListener recording = new RecordingInvalidationListener();
			InvalidationListener listener = new InvalidationListener() {

				@Override
				public void invalidate(String key) {
					recording.invalidate(key);
				}

				@Override
				public void invalidateAll() {
					recording.invalidateAll();
				}

				@Override
				public void trackingChanged(boolean tracking) {
					recording.trackingChanged(tracking);
				}

				@Override
				public long capacity() {
					return 1000;
				}

			};
			LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
			this.resources.add(factory::destroy);
			InvalidationSource source = RedisInvalidations.create(name(test), factory, null, Duration.ofSeconds(1),
					RedisTrackingMode.OPTIN);
			this.resources.add(0, source);
			source.start(List.of(prefix()), listener);
			recording.awaitTracking(true);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(source.details()).containsEntry("trackingTableTooSmall",
						List.of(server.host() + ":" + server.port())));
		}
		finally {
			server.send("CONFIG SET tracking-table-max-keys 1000000");
		}
	}

	@Test
	void aPushOfMoreKeysThanTheNearCacheHoldsFlushesOnce(TestInfo test) {
		String prefix = prefix();
		RecordingInvalidationListener recording = new RecordingInvalidationListener();
		InvalidationListener listener = new InvalidationListener() {

			@Override
			public void invalidate(String key) {
				recording.invalidate(key);
			}

			@Override
			public void invalidateAll() {
				recording.invalidateAll();
			}

			@Override
			public void trackingChanged(boolean tracking) {
				recording.trackingChanged(tracking);
			}

			@Override
			public long capacity() {
				return 1000;
			}

		};
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(server, Duration.ofSeconds(2));
		this.resources.add(factory::destroy);
		InvalidationSource source = RedisInvalidations.create(name(test), factory);
		this.resources.add(0, source);
		source.start(List.of(prefix), listener);
		recording.awaitTracking(true);
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < 1500; i++) {
			values.put(prefix + i, "v");
		}
		redis().mset(values);
		redis().set(prefix + "after", "1");
		recording.awaitEvent("invalidate " + prefix + "after");
		assertThat(recording.events()).containsExactly("tracking true", "invalidateAll",
				"invalidate " + prefix + "after");
		assertThat(source.details()).containsEntry("storms", 1L).containsEntry("invalidations", 1501L);
	}

	@Test
	void broadcastSourcesDoNotReadToKeep(TestInfo test) {
		RecordingInvalidationListener listener = new RecordingInvalidationListener();
		InvalidationSource source = start(server, name(test), List.of(prefix()), listener);
		assertThat(source.readsToKeep()).isFalse();
		assertThat(source.readToKeep("any")).isNull();
		assertThat(source.details()).containsEntry("mode", "broadcast");
	}

	private InvalidationSource start(ManagedServer target, String name, List<String> prefixes,
			RecordingInvalidationListener listener) {
		return start(target, name, prefixes, listener, RedisTrackingMode.BROADCAST);
	}

	private InvalidationSource start(ManagedServer target, String name, List<String> prefixes,
			RecordingInvalidationListener listener, RedisTrackingMode mode) {
		LettuceConnectionFactory factory = RedisTestSupport.connectionFactory(target, Duration.ofSeconds(2));
		this.resources.add(factory::destroy);
		InvalidationSource source = RedisInvalidations.create(name, factory, null, Duration.ofSeconds(1), mode);
		this.resources.add(0, source);
		source.start(prefixes, listener);
		listener.awaitTracking(true);
		return source;
	}

	private static RedisCommands<String, String> redis() {
		return rawConnection.sync();
	}

	private static long clientId(String name) {
		Matcher matcher = Pattern.compile("id=(\\d+) .*name=cacheobj-tracking-" + Pattern.quote(name) + " ")
			.matcher(redis().clientList());
		assertThat(matcher.find()).as("tracking connection of %s", name).isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static List<String> threadNames() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName).toList();
	}

	private static String prefix() {
		return "inv" + counter.incrementAndGet() + ":";
	}

	private static String name(TestInfo test) {
		return test.getTestMethod().orElseThrow().getName();
	}

}
