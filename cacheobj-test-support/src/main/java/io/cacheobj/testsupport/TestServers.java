package io.cacheobj.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.testcontainers.DockerClientFactory;

import static org.awaitility.Awaitility.await;

/**
 * Starts real Redis and memcached servers on free loopback ports: the local binaries when
 * they are on the PATH, else Docker containers through Testcontainers, else a failure
 * that says what to install. A missing server never skips a test.
 */
public final class TestServers {

	private static final String INSTALL = "Install Debian's redis-server and memcached "
			+ "(apt-get install redis-server memcached), which the README's test command does when run as root, "
			+ "or make Docker available to Testcontainers.";

	private TestServers() {
	}

	/**
	 * Start a standalone Redis server.
	 * @param arguments extra arguments, such as {@code --requirepass secret}
	 * @return the running server
	 */
	public static ManagedServer redis(String... arguments) {
		String binary = onPath("redis-server");
		if (binary == null) {
			List<String> command = new ArrayList<>(List.of("redis-server", "--save", "", "--appendonly", "no"));
			command.addAll(List.of(arguments));
			return startContainer("redis:7.0", 6379, command, "redis-server");
		}
		int port = ServerProcess.freePort();
		List<String> command = new ArrayList<>(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
				"--save", "", "--appendonly", "no", "--daemonize", "no"));
		command.addAll(List.of(arguments));
		boolean password = List.of(arguments).contains("--requirepass") || List.of(arguments).contains("--user");
		ServerProcess server = new ServerProcess(binary, command, port, temporaryDirectory("redis"), "PING",
				password ? "-NOAUTH" : "+PONG");
		server.start();
		return server;
	}

	/**
	 * Start a Redis Cluster of three masters without replicas.
	 * @return the cluster's nodes
	 */
	public static List<ManagedServer> redisCluster() {
		return redisCluster(0, 2000);
	}

	/**
	 * Start a Redis Cluster of three masters with a replica each and a node timeout of
	 * one second, so that a replica takes over a killed master within a few seconds.
	 * Returns once every master's replica is in sync.
	 * @return the cluster's six nodes
	 */
	public static List<ManagedServer> redisClusterWithReplicas() {
		List<ManagedServer> nodes = redisCluster(1, 1000);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> nodes.stream()
				.filter((node) -> node.send("ROLE").contains("slave"))
				.filter((node) -> node.send("INFO replication").contains("master_link_status:up"))
				.count() == 3);
		return nodes;
	}

	private static List<ManagedServer> redisCluster(int replicas, int nodeTimeout) {
		String binary = onPath("redis-server");
		String cli = onPath("redis-cli");
		if (binary == null || cli == null) {
			throw new IllegalStateException("A Redis Cluster needs redis-server and redis-cli on the PATH. " + INSTALL);
		}
		Path directory = temporaryDirectory("redis-cluster");
		List<ManagedServer> nodes = new ArrayList<>();
		List<String> create = new ArrayList<>(List.of(cli, "--cluster", "create"));
		for (int i = 0; i < 3 * (1 + replicas); i++) {
			int port = ServerProcess.freePort();
			ServerProcess node = new ServerProcess(binary,
					List.of("--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
							"--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
							"--cluster-node-timeout", Integer.toString(nodeTimeout)),
					port, directory, "PING", "+PONG");
			node.start();
			nodes.add(node);
			create.add("127.0.0.1:" + port);
		}
		create.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
		run(create, directory);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> nodes.stream().allMatch((node) -> node.send("CLUSTER INFO").contains("cluster_state:ok")));
		return nodes;
	}

	/**
	 * Start a Redis Sentinel that monitors a master as {@code mymaster}, with a quorum of
	 * one and a down-after of one second.
	 * @param master the master
	 * @return the running sentinel
	 */
	public static ManagedServer redisSentinel(ManagedServer master) {
		return redisSentinel(master, 1);
	}

	/**
	 * Start a master, a replica of it, and three Sentinels that monitor the master as
	 * {@code mymaster} with a quorum of two and a down-after of one second. Returns once
	 * the replica is in sync and every Sentinel knows the replica and the other two.
	 * @return the group, to close after use
	 */
	public static RedisSentinelGroup redisSentinelGroup() {
		ManagedServer master = redis();
		List<ManagedServer> started = new ArrayList<>(List.of(master));
		try {
			ManagedServer replica = redis("--replicaof", master.host(), Integer.toString(master.port()));
			started.add(replica);
			List<ManagedServer> sentinels = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				ManagedServer sentinel = redisSentinel(master, 2);
				started.add(sentinel);
				sentinels.add(sentinel);
			}
			await().atMost(Duration.ofSeconds(30))
				.until(() -> replica.send("INFO replication").contains("master_link_status:up")
						&& sentinels.stream().allMatch((sentinel) -> {
							String state = sentinel.send("SENTINEL MASTER mymaster");
							return state.contains("num-other-sentinels\r\n$1\r\n2\r\n")
									&& state.contains("num-slaves\r\n$1\r\n1\r\n");
						}));
			return new RedisSentinelGroup(master, replica, List.copyOf(sentinels));
		}
		catch (RuntimeException ex) {
			started.forEach(ManagedServer::close);
			throw ex;
		}
	}

	private static ManagedServer redisSentinel(ManagedServer master, int quorum) {
		String binary = onPath("redis-server");
		if (binary == null) {
			throw new IllegalStateException("A Redis Sentinel needs redis-server on the PATH. " + INSTALL);
		}
		Path directory = temporaryDirectory("redis-sentinel");
		int port = ServerProcess.freePort();
		try {
			Files.writeString(directory.resolve("sentinel.conf"),
					"port " + port + "\nbind 127.0.0.1\nsentinel monitor mymaster " + master.host() + " "
							+ master.port() + " " + quorum + "\nsentinel down-after-milliseconds mymaster 1000\n"
							+ "sentinel failover-timeout mymaster 5000\n");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		ServerProcess sentinel = new ServerProcess(binary, List.of("sentinel.conf", "--sentinel"), port, directory,
				"PING", "+PONG");
		sentinel.start();
		return sentinel;
	}

	/**
	 * Start a memcached server.
	 * @param arguments extra arguments, such as {@code -I 2m}
	 * @return the running server
	 */
	public static ManagedServer memcached(String... arguments) {
		String binary = onPath("memcached");
		if (binary == null) {
			List<String> command = new ArrayList<>(List.of("memcached", "-U", "0"));
			command.addAll(List.of(arguments));
			return startContainer("memcached:1.6", 11211, command, "memcached");
		}
		int port = ServerProcess.freePort();
		List<String> command = new ArrayList<>(
				List.of("-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-m", "64", "-u", "root"));
		command.addAll(List.of(arguments));
		ServerProcess server = new ServerProcess(binary, command, port, temporaryDirectory("memcached"), "version",
				"VERSION");
		server.start();
		return server;
	}

	private static ManagedServer startContainer(String image, int port, List<String> command, String binary) {
		if (!dockerAvailable()) {
			throw new IllegalStateException(binary + " is not on the PATH and Docker is not available. " + INSTALL);
		}
		ContainerServer server = new ContainerServer(image, port, command);
		server.start();
		return server;
	}

	private static boolean dockerAvailable() {
		try {
			return DockerClientFactory.instance().isDockerAvailable();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String onPath(String name) {
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(List.of(((path != null) ? path : "").split(File.pathSeparator)));
		directories.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
		for (String directory : directories) {
			File candidate = new File(directory, name);
			if (candidate.isFile() && candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	private static Path temporaryDirectory(String prefix) {
		try {
			Path directory = Files.createTempDirectory("cacheobj-" + prefix);
			directory.toFile().deleteOnExit();
			return directory;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void run(List<String> command, Path directory) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(command + " failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
