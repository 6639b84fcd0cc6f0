package io.cacheobj.consistency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.autoconfigure.CacheEntityScan;
import io.cacheobj.autoconfigure.CacheObjAutoConfiguration;
import io.cacheobj.binding.CacheObjBinding;
import io.cacheobj.binding.NearCacheStatistics;
import io.cacheobj.consistency.ConsistencyWorkload.Client;
import io.cacheobj.consistency.ConsistencyWorkload.RawWriter;
import io.cacheobj.consistency.Operation.Outcome;
import io.cacheobj.consistency.Operation.Type;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * One application of the consistency workload in a JVM process of its own, which
 * {@link NearCacheConsistencyIntegrationTests} starts three of: the application context
 * (the starter's auto-configuration from properties, the near cache on its defaults), its
 * writers and readers, and a raw Lettuce writer. It runs for the time given, says
 * {@code STOPPED}, waits for the file that says every process stopped, reads every key
 * for the convergence check, and writes its operations to a file, one per line.
 * <p>
 * Arguments: the Redis port, the process's name, the seconds to run, the directory of the
 * files.
 */
public final class ConsistencyProcess {

	static final List<String> IDS = NearCacheConsistencyIntegrationTests.IDS;

	private ConsistencyProcess() {
	}

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		String name = args[1];
		Duration run = Duration.ofSeconds(Long.parseLong(args[2]));
		Path directory = Path.of(args[3]);
		RedisClient raw = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = raw.connect();
				ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
					.web(WebApplicationType.NONE)
					.properties("cacheobj.backends.redis.type=redis",
							"cacheobj.backends.redis.url=redis://127.0.0.1:" + port,
							"cacheobj.backends.redis.near-cache.enabled=true",
							"cacheobj.backends.redis.near-cache.lease="
									+ NearCacheConsistencyIntegrationTests.LEASE.toMillis() + "ms",
							"cacheobj.backends.redis.timeout=500ms",
							"cacheobj.backends.redis.circuit-breaker.enabled=false", "cacheobj.default-backend=redis",
							"spring.main.banner-mode=off", "spring.docker.compose.enabled=false")
					.run()) {
			NearCacheStatistics nearCache = context.getBean(CacheObjBinding.class).nearCacheStatistics().get("redis");
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!nearCache.isActive() && System.nanoTime() < deadline) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
			}
			History history = new History("three processes");
			Client client = new Client(name, context.getBean(CacheEntityRepository.class));
			RawWriter steady = new RawWriter("lettuce-" + name, (key, value) -> connection.sync().set(key, value));
			try (ConsistencyWorkload workload = new ConsistencyWorkload(history, IDS, List.of(client), steady,
					List.of())) {
				System.out.println("STARTED " + nearCache.isActive());
				workload.start();
				LockSupport.parkNanos(run.toNanos());
				workload.stop();
				System.out.println("STOPPED");
				Path converge = directory.resolve("converge");
				while (!Files.exists(converge)) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
				}
				workload.converge((key) -> connection.sync().get(key), Duration.ofSeconds(1));
				if (!workload.unexpected().isEmpty()) {
					System.out.println("UNEXPECTED " + workload.unexpected());
				}
			}
			write(history, directory.resolve(name + ".ops"));
			System.out.println("DONE " + nearCache.hits() + " hits");
		}
		finally {
			raw.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	private static void write(History history, Path file) throws IOException {
		List<String> lines = new ArrayList<>();
		for (Map.Entry<String, Optional<String>> server : history.serverValues().entrySet()) {
			lines.add(String.join("\t", "SERVER", server.getKey(), encode(server.getValue().orElse(null))));
		}
		for (Operation operation : history.operations()) {
			if (operation.invoke() == Operation.BEFORE_RUN) {
				continue;
			}
			lines.add(String.join("\t", "OP", operation.process(), operation.thread(), operation.type().name(),
					operation.key(), encode(operation.value()), operation.via(), Long.toString(operation.invoke()),
					Long.toString(operation.complete()), operation.outcome().name(), encode(operation.detail())));
		}
		Files.write(file, lines);
	}

	/**
	 * Read the operations one process wrote into a history.
	 * @param file the process's file
	 * @param history the history of every process
	 */
	static void read(Path file, History history) {
		try {
			for (String line : Files.readAllLines(file)) {
				String[] fields = line.split("\t", -1);
				if (fields[0].equals("SERVER")) {
					history.serverValue(fields[1], decode(fields[2]));
				}
				else {
					history.add(new Operation(fields[1], fields[2], Type.valueOf(fields[3]), fields[4],
							decode(fields[5]), fields[6], Long.parseLong(fields[7]), Long.parseLong(fields[8]),
							Outcome.valueOf(fields[9]), String.valueOf(decode(fields[10]))));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String encode(@Nullable String value) {
		return (value != null) ? value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n") : "\\0";
	}

	private static @Nullable String decode(String field) {
		if (field.equals("\\0")) {
			return null;
		}
		StringBuilder decoded = new StringBuilder(field.length());
		for (int i = 0; i < field.length(); i++) {
			char c = field.charAt(i);
			if (c == '\\' && i + 1 < field.length()) {
				char next = field.charAt(++i);
				decoded.append((next == 't') ? '\t' : (next == 'n') ? '\n' : next);
			}
			else {
				decoded.append(c);
			}
		}
		return decoded.toString();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(CacheObjAutoConfiguration.class)
	@CacheEntityScan(basePackageClasses = Register.class)
	static class Application {

	}

}
