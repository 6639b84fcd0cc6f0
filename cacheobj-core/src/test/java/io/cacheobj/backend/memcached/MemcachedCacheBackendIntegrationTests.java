package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheValueException;
import io.cacheobj.backend.AbstractCacheBackendContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link MemcachedCacheBackend} against a real memcached server.
 */
class MemcachedCacheBackendIntegrationTests extends AbstractCacheBackendContractTests {

	private static ManagedServer server;

	private static MemcachedCacheBackend backend;

	@BeforeAll
	static void connect(@RealServer(Kind.MEMCACHED) ManagedServer memcached) {
		server = memcached;
		backend = MemcachedCacheBackend.builder("memcached", List.of(address(memcached))).build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
	}

	static InetSocketAddress address(ManagedServer server) {
		return new InetSocketAddress(server.host(), server.port());
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	@Override
	protected boolean countsBelowZero() {
		return false;
	}

	@Test
	void flagsAreStoredOnTheServer() {
		backend.set(key("text"), text("hi"), null);
		assertThat(server.send("get " + key("text"))).startsWith("VALUE " + key("text") + " 16 2\r\nhi\r\n");
	}

	@Test
	void negativeDeltaStopsAtZero() {
		backend.set(key("n"), new StoredValue("3".getBytes(), 2), null);
		assertThat(backend.increment(key("n"), -10, null)).isZero();
		assertThat(backend.increment(key("absent"), -5, null)).isZero();
		assertThat(backend.increment(key("absent"), 2, null)).isEqualTo(2);
	}

	@Test
	void counterCreatedByIncrementIsAPythonInteger() {
		backend.increment(key("created"), 5, null);
		assertThat(server.send("get " + key("created"))).startsWith("VALUE " + key("created") + " 2 1\r\n5\r\n");
	}

	@Test
	void keysMemcachedRefusesAreHashedAndStillWork() {
		String longKey = key("x".repeat(400));
		String spaced = key("with space\tand\ncontrol");
		backend.set(longKey, text("long"), null);
		backend.set(spaced, text("spaced"), null);
		assertText(backend.get(longKey), "long");
		assertText(backend.get(spaced), "spaced");
		Map<String, StoredValue> values = backend.getAll(List.of(longKey, spaced, key("plain")));
		assertThat(values).containsOnlyKeys(longKey, spaced);
		assertThat(MemcachedKeys.safeKey(longKey)).startsWith("cacheobj:sha256:")
			.hasSize(80)
			.isEqualTo(MemcachedKeys.safeKey(longKey));
		assertThat(MemcachedKeys.safeKey(spaced)).isNotEqualTo(MemcachedKeys.safeKey(longKey));
		assertThat(MemcachedKeys.safeKey(key("ünïcode"))).isEqualTo(key("ünïcode"));
		assertThat(backend.increment(key("a b"), 2, null)).isEqualTo(2);
		assertThat(backend.delete(spaced)).isTrue();
	}

	@Test
	void valueOverTheItemSizeIsRefusedAndThePreviousValueKept() {
		backend.set(key("big"), text("previous"), null);
		byte[] huge = new byte[1024 * 1024];
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> backend.set(key("big"), StoredValue.of(huge), null))
			.withMessageContaining(key("big"))
			.withMessageContaining("1048576 bytes");
		assertText(backend.get(key("big")), "previous");
		byte[] large = new byte[900 * 1024];
		backend.set(key("large"), StoredValue.of(large), null);
		assertThat(backend.get(key("large")).bytes()).hasSize(large.length);
	}

	@Test
	void timeToLiveOverThirtyDaysIsSentAsAnAbsoluteTime() {
		Instant now = Instant.now();
		MemcachedCacheBackend clocked = MemcachedCacheBackend.builder("clocked", List.of(address(server)))
			.clock(Clock.fixed(now, ZoneOffset.UTC))
			.build();
		try {
			clocked.set(key("long-lived"), text("v"), Duration.ofDays(40));
			clocked.set(key("short-lived"), text("v"), Duration.ofDays(29));
			assertThat(remainingSeconds(key("long-lived"))).isBetween(Duration.ofDays(40).toSeconds() - 60,
					Duration.ofDays(40).toSeconds() + 1);
			assertThat(remainingSeconds(key("short-lived"))).isBetween(Duration.ofDays(29).toSeconds() - 60,
					Duration.ofDays(29).toSeconds() + 1);
		}
		finally {
			clocked.destroy();
		}
	}

	@Test
	void textProtocolSharesTheItems() {
		MemcachedCacheBackend text = MemcachedCacheBackend.builder("text", List.of(address(server)))
			.binaryProtocol(false)
			.build();
		try {
			text.set(key("txt"), new StoredValue("t".getBytes(StandardCharsets.UTF_8), 16), null);
			assertThat(backend.get(key("txt")).flags()).isEqualTo(16);
			assertThat(text.increment(key("txt-n"), 3, null)).isEqualTo(3);
			assertThat(backend.increment(key("txt-n"), 3, null)).isEqualTo(6);
			assertThat(text.getAll(List.of(key("txt"), key("txt-n")))).hasSize(2);
			assertThat(text.deleteAll(List.of(key("txt"), key("txt-n"), key("none")))).isEqualTo(2);
		}
		finally {
			text.destroy();
		}
	}

	@Test
	void serverThatIsDownFailsWithinTheTimeout(@RealServer(Kind.MEMCACHED) ManagedServer own) {
		MemcachedCacheBackend fragile = MemcachedCacheBackend.builder("fragile", List.of(address(own)))
			.timeout(Duration.ofMillis(500))
			.build();
		try {
			fragile.set("k", text("v"), null);
			own.kill();
			long start = System.nanoTime();
			assertThatExceptionOfType(CacheBackendException.class).isThrownBy(() -> fragile.get("k"))
				.withMessageContaining("'fragile'")
				.withMessageContaining("'k'");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		}
		finally {
			fragile.destroy();
		}
	}

	private static long remainingSeconds(String key) {
		String reply = server.send("mg " + key + " t");
		assertThat(reply).startsWith("HD t");
		return Long.parseLong(reply.substring(4).trim());
	}

}
