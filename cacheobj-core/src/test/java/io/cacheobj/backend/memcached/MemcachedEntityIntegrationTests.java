package io.cacheobj.backend.memcached;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import io.cacheobj.CacheBackendException;
import io.cacheobj.CacheEntity;
import io.cacheobj.CacheEntityRepository;
import io.cacheobj.CacheId;
import io.cacheobj.CacheValueException;
import io.cacheobj.CachedCounter;
import io.cacheobj.CachedProperty;
import io.cacheobj.CachedValue;
import io.cacheobj.backend.AbstractAtomicEntityContractTests;
import io.cacheobj.backend.CacheBackend;
import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.PythonInterop;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import net.spy.memcached.MemcachedNode;
import net.spy.memcached.NodeLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Entities on three real memcached servers: value types, Python interop, and a server
 * that dies and comes back.
 */
class MemcachedEntityIntegrationTests extends AbstractAtomicEntityContractTests {

	private static List<ManagedServer> servers;

	private static MemcachedCacheBackend backend;

	private static MemcachedCacheBackend pythonDistributed;

	@BeforeAll
	static void connect(@RealServer(value = Kind.MEMCACHED, count = 3) List<ManagedServer> memcached) {
		servers = memcached;
		backend = MemcachedCacheBackend.builder("memcached", addresses(memcached)).build();
		pythonDistributed = MemcachedCacheBackend.builder("python", addresses(memcached))
			.pythonDistribution(true)
			.build();
	}

	@AfterAll
	static void disconnect() {
		backend.destroy();
		pythonDistributed.destroy();
	}

	private static List<InetSocketAddress> addresses(List<ManagedServer> servers) {
		return servers.stream().map((server) -> new InetSocketAddress(server.host(), server.port())).toList();
	}

	@Override
	protected CacheBackend backend() {
		return backend;
	}

	@Override
	protected void writeRaw(String key, byte[] value) {
		backend.set(key, StoredValue.of(value), null);
	}

	@Override
	protected byte[] readRaw(String key) {
		StoredValue value = backend.get(key);
		return (value != null) ? value.bytes() : null;
	}

	@Test
	void keysAreSpreadOverEveryServer() {
		for (int i = 0; i < 60; i++) {
			this.repository.get(UserCache.class, i).username.set("u" + i);
		}
		assertThat(servers).allSatisfy((server) -> assertThat(itemCount(server)).isPositive());
		List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			ids.add(i);
		}
		List<UserCache> users = this.repository.loadAll(UserCache.class, ids);
		assertThat(users).extracting((user) -> user.username.getCached()).doesNotContainNull();
	}

	@Test
	void whatPythonMemcachedWritesIsReadAsTheProperty() {
		PythonInterop.run("memcache", """
				mc = memcache.Client(sys.argv[1:])
				mc.set('UserCache.10.username', 'pythonista')
				mc.set('UserCache.10.name', u'Py Th\\u00f6n')
				mc.set('UserCache.10.visits', 41)
				""", serverList());
		UserCache user = repository().load(UserCache.class, 10);
		assertThat(user.username.getCached()).isEqualTo("pythonista");
		assertThat(user.name.getCached()).isEqualTo("Py Thön");
		assertThat(user.visits.incrementAndGet()).isEqualTo(42);
		assertThat(pythonDistributed.get("UserCache.10.username").flags()).isEqualTo(16);
		assertThat(pythonDistributed.get("UserCache.10.visits").flags()).isEqualTo(2);
	}

	@Test
	void whatCacheobjWritesIsReadByPythonMemcachedAsStrAndInt() {
		UserCache user = repository().get(UserCache.class, 11);
		user.username.set("javanese ☕");
		user.visits.addAndGet(7);
		user.age.set(42);
		String printed = PythonInterop.run("memcache", """
				mc = memcache.Client(sys.argv[1:])
				for key in ('UserCache.11.username', 'UserCache.11.visits', 'UserCache.11.age'):
				    value = mc.get(key)
				    print(type(value).__name__, value)
				""", serverList());
		assertThat(printed).isEqualTo("str javanese ☕\nint 7\nint 42");
	}

	@Test
	void pickledPythonValueIsRefused() {
		PythonInterop.run("memcache", """
				mc = memcache.Client(sys.argv[1:])
				mc.set('UserCache.12.username', {'a': 1})
				""", serverList());
		assertThat(pythonDistributed.get("UserCache.12.username").flags()).isEqualTo(1);
		assertThatExceptionOfType(CacheValueException.class)
			.isThrownBy(() -> repository().get(UserCache.class, 12).username.get())
			.withMessageContaining("UserCache.12.username")
			.withMessageContaining("pickle");
	}

	@Test
	void oneOfThreeServersDiesAndComesBack(@RealServer(value = Kind.MEMCACHED, count = 3) List<ManagedServer> own) {
		MemcachedCacheBackend spread = MemcachedCacheBackend.builder("spread", addresses(own))
			.timeout(Duration.ofMillis(500))
			.maxReconnectDelay(Duration.ofSeconds(1))
			.build();
		try {
			CacheEntityRepository repository = CacheObjBinding.builder()
				.backend("memcached", spread, null)
				.defaultBackend("memcached")
				.build()
				.repository();
			for (int i = 0; i < 30; i++) {
				repository.get(UserCache.class, i).username.set("u" + i);
			}
			ManagedServer dead = own.get(1);
			dead.kill();
			// spymemcached moves a dead server's key to the first live node among seven
			// other points of the ring; a key whose seven points all fall on the dead
			// server (about one key in 2,000 with three servers) stays there, and fails
			// within the timeout until the server is back, as docs/high-availability.md
			// says
			List<Integer> movable = new ArrayList<>();
			List<Integer> stuck = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				(placeable(spread, "UserCache." + i + ".name", dead) ? movable : stuck).add(i);
			}
			await().atMost(Duration.ofSeconds(40)).ignoreExceptions().until(() -> {
				for (int i : movable) {
					repository.get(UserCache.class, i).name.set("n" + i);
				}
				return true;
			});
			for (int i : movable) {
				assertThat(repository.get(UserCache.class, i).name.get()).isEqualTo("n" + i);
			}
			for (int i = 30; stuck.size() < 3; i++) {
				if (!placeable(spread, "UserCache." + i + ".name", dead)) {
					stuck.add(i);
				}
			}
			for (int i : stuck) {
				// at once, not after the timeout on the dead server's queue, where a
				// caller
				// would wait for every such key
				long start = System.nanoTime();
				assertThatExceptionOfType(CacheBackendException.class)
					.isThrownBy(() -> repository.get(UserCache.class, i).name.set("n" + i))
					.withMessageContaining("is down and no other server takes the key");
				assertThatExceptionOfType(CacheBackendException.class)
					.isThrownBy(() -> repository.get(UserCache.class, i).name.get())
					.withMessageContaining("is down");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
			}
			own.get(1).start();
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				for (int i = 0; i < 30; i++) {
					repository.get(UserCache.class, i).visits.incrementAndGet();
				}
				return itemCount(own.get(1)) > 0;
			});
		}
		finally {
			spread.destroy();
		}
	}

	@Test
	void pythonDistributionPlacesKeysWherePythonMemcachedLooksForThem() {
		for (int i = 0; i < 40; i++) {
			pythonDistributed.set("placement." + i, new StoredValue(("v" + i).getBytes(), 16), null);
		}
		String printed = PythonInterop.run("memcache", """
				mc = memcache.Client(sys.argv[1:])
				print(sum(1 for i in range(40) if mc.get('placement.%d' % i) == 'v%d' % i))
				""", serverList());
		assertThat(printed).isEqualTo("40");
		assertThat(servers).allSatisfy((server) -> assertThat(itemCount(server)).isPositive());
	}

	private CacheEntityRepository repository() {
		return CacheObjBinding.builder()
			.backend("memcached", pythonDistributed, null)
			.defaultBackend("memcached")
			.build()
			.repository();
	}

	private static String[] serverList() {
		return servers.stream().map((server) -> server.host() + ":" + server.port()).toArray(String[]::new);
	}

	/**
	 * Return whether spymemcached places a key on a live node while one server is dead.
	 */
	private static boolean placeable(MemcachedCacheBackend backend, String key, ManagedServer dead) {
		NodeLocator locator = backend.locator();
		if (!isOn(locator.getPrimary(key), dead)) {
			return true;
		}
		Iterator<MemcachedNode> sequence = locator.getSequence(key);
		while (sequence.hasNext()) {
			if (!isOn(sequence.next(), dead)) {
				return true;
			}
		}
		return false;
	}

	private static boolean isOn(MemcachedNode node, ManagedServer server) {
		return node.getSocketAddress() instanceof InetSocketAddress address && address.getPort() == server.port();
	}

	private static long itemCount(ManagedServer server) {
		String stats = server.send("stats");
		for (String line : stats.split("\r\n")) {
			if (line.startsWith("STAT curr_items ")) {
				return Long.parseLong(line.substring("STAT curr_items ".length()).trim());
			}
		}
		return 0;
	}

	@CacheEntity
	static class UserCache {

		@CacheId
		Integer id;

		@CachedProperty
		CachedValue<String> username;

		@CachedProperty
		CachedValue<String> name;

		@CachedProperty
		CachedValue<Integer> age;

		@CachedProperty
		CachedCounter visits;

		@CachedProperty
		CachedValue<Map<String, Integer>> scores;

	}

}
