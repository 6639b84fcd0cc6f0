package io.cacheobj.autoconfigure.threads;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.testsupport.ManagedServer;
import io.cacheobj.testsupport.RealServer;
import io.cacheobj.testsupport.RealServer.Kind;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives every kind of backend from virtual threads (Java 21 and later; the class is
 * compiled for Java 17, so it reaches them by reflection): no write or increment may be
 * lost, and no virtual thread may be pinned to its carrier while it waits. Pinning is
 * read from JFR's {@code jdk.VirtualThreadPinned} event, which every JDK from 21 records
 * (the {@code jdk.tracePinnedThreads} option that printed it is gone since 24).
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualThreadsIntegrationTests {

	private static final int TASKS = 400;

	private static final Method IS_VIRTUAL = isVirtual();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(CacheObjAutoConfiguration.class))
		.withUserConfiguration(ThreadsScan.class);

	@Test
	void everyBackendServesVirtualThreadsWithoutPinningOrLostWork(@RealServer(Kind.REDIS) ManagedServer redis,
			@RealServer(Kind.MEMCACHED) ManagedServer memcached) throws Exception {
		this.contextRunner
			.withPropertyValues("cacheobj.backends.local.type=memory", "cacheobj.backends.redis.type=redis",
					"cacheobj.backends.redis.url=redis://127.0.0.1:" + redis.port(),
					"cacheobj.backends.memcached.type=memcached",
					"cacheobj.backends.memcached.servers=127.0.0.1:" + memcached.port())
			.run((context) -> {
				CacheEntityRepository repository = context.getBean(CacheEntityRepository.class);
				// Classes are loaded and initialized on this platform thread first: a
				// virtual thread that loads a class is pinned by the JDK's class loading,
				// whatever the library.
				warmUp(repository);
				List<String> pinned = new ArrayList<>();
				Path events = Files.createTempFile("virtual-threads", ".jfr");
				try (Recording recording = new Recording()) {
					recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
					recording.start();
					runOnVirtualThreads(repository);
					recording.stop();
					recording.dump(events);
					for (RecordedEvent event : RecordingFile.readAllEvents(events)) {
						if (event.getEventType().getName().equals("jdk.VirtualThreadPinned")) {
							pinned.add(describe(event));
						}
					}
				}
				finally {
					Files.deleteIfExists(events);
				}
				assertThat(pinned).isEmpty();
				ThreadsEntity shared = repository.load(ThreadsEntity.class, "shared");
				assertThat(shared.localCount().get()).isEqualTo(TASKS);
				assertThat(shared.redisCount().get()).isEqualTo(TASKS);
				assertThat(shared.memcachedCount().get()).isEqualTo(TASKS);
				for (int i = 0; i < TASKS; i += 37) {
					ThreadsEntity own = repository.load(ThreadsEntity.class, "t" + i);
					assertThat(own.local().getCached()).isEqualTo("local " + i);
					assertThat(own.redis().getCached()).isEqualTo("redis " + i);
					assertThat(own.memcached().getCached()).isEqualTo("memcached " + i);
				}
			});
	}

	private static void warmUp(CacheEntityRepository repository) {
		ThreadsEntity warm = repository.get(ThreadsEntity.class, "warm");
		warm.local().set("w");
		warm.redis().set("w");
		warm.memcached().set("w");
		warm.localCount().incrementAndGet();
		warm.redisCount().incrementAndGet();
		warm.memcachedCount().incrementAndGet();
		repository.load(ThreadsEntity.class, "warm");
		repository.delete(ThreadsEntity.class, "warm");
	}

	private void runOnVirtualThreads(CacheEntityRepository repository) throws Exception {
		List<Future<Boolean>> results = new ArrayList<>();
		ExecutorService executor = newVirtualThreadPerTaskExecutor();
		try {
			for (int i = 0; i < TASKS; i++) {
				int task = i;
				results.add(executor.submit(() -> {
					ThreadsEntity own = repository.get(ThreadsEntity.class, "t" + task);
					own.local().set("local " + task);
					own.redis().set("redis " + task);
					own.memcached().set("memcached " + task);
					ThreadsEntity shared = repository.get(ThreadsEntity.class, "shared");
					shared.localCount().incrementAndGet();
					shared.redisCount().incrementAndGet();
					shared.memcachedCount().incrementAndGet();
					ThreadsEntity read = repository.load(ThreadsEntity.class, "t" + task);
					return (boolean) IS_VIRTUAL.invoke(Thread.currentThread())
							&& ("redis " + task).equals(read.redis().getCached())
							&& ("memcached " + task).equals(read.memcached().getCached())
							&& ("local " + task).equals(read.local().getCached());
				}));
			}
		}
		finally {
			executor.shutdown();
			assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
		}
		for (Future<Boolean> result : results) {
			assertThat(result.get()).isTrue();
		}
	}

	private static ExecutorService newVirtualThreadPerTaskExecutor() throws Exception {
		Method factory = java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
		return (ExecutorService) factory.invoke(null);
	}

	private static Method isVirtual() {
		try {
			return Thread.class.getMethod("isVirtual");
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later", ex);
		}
	}

	private static String describe(RecordedEvent event) {
		return event.getDuration() + " " + ((event.getStackTrace() != null) ? event.getStackTrace().getFrames() : "");
	}

	@Configuration(proxyBeanMethods = false)
	@CacheEntityScan(basePackageClasses = ThreadsEntity.class)
	static class ThreadsScan {

	}

}
