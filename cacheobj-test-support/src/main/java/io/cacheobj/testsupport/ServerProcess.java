package io.cacheobj.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A server binary run as a child process on a loopback port, for tests against real
 * servers. It can be killed and started again on the same port.
 */
public class ServerProcess implements ManagedServer {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final String binary;

	private final List<String> arguments;

	private final int port;

	private final Path directory;

	private final String probe;

	private final String expectedReply;

	private Process process;

	/**
	 * Create a server process; {@link #start()} runs it.
	 * @param binary the executable
	 * @param arguments its arguments, which must make it listen on {@code port}
	 * @param port the port
	 * @param directory the working directory
	 * @param probe what to send to ask whether it is up
	 * @param expectedReply the start of the reply of a server that is up
	 */
	ServerProcess(String binary, List<String> arguments, int port, Path directory, String probe, String expectedReply) {
		this.binary = binary;
		this.arguments = List.copyOf(arguments);
		this.port = port;
		this.directory = directory;
		this.probe = probe;
		this.expectedReply = expectedReply;
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * Start the server and wait until it answers.
	 */
	@Override
	public synchronized void start() {
		List<String> command = new ArrayList<>();
		command.add(this.binary);
		command.addAll(this.arguments);
		try {
			Path log = this.directory.resolve(Path.of(this.binary).getFileName() + "-" + this.port + ".log");
			this.process = new ProcessBuilder(command).directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
			awaitReply(log);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + command, ex);
		}
	}

	/**
	 * Kill the server with {@code SIGKILL}, as a crash would.
	 */
	@Override
	public synchronized void kill() {
		if (this.process != null) {
			this.process.destroyForcibly();
			waitFor();
			this.process = null;
		}
	}

	/**
	 * Send a signal to the server, such as {@code STOP} to freeze it or {@code CONT} to
	 * resume it.
	 * @param signal the signal's name
	 */
	@Override
	public synchronized void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(this.process.pid())).start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized void close() {
		if (this.process != null) {
			this.process.destroy();
			waitFor();
			this.process = null;
		}
	}

	private void waitFor() {
		try {
			this.process.waitFor(20, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void awaitReply(Path log) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.binary + " exited at start on port " + this.port + ": "
						+ (Files.exists(log) ? Files.readString(log) : "no output"));
			}
			if (send(this.probe).startsWith(this.expectedReply)) {
				return;
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
		throw new IllegalStateException(this.binary + " did not answer on port " + this.port + " within "
				+ START_TIMEOUT.toSeconds() + "s: " + (Files.exists(log) ? Files.readString(log) : "no output"));
	}

	/**
	 * Return a loopback port that is free now, and whose cluster bus port (10000 higher)
	 * is free too.
	 * @return the port
	 */
	public static int freePort() {
		for (int attempt = 0; attempt < 200; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20000, 50000);
			if (isFree(port) && isFree(port + 10000)) {
				return port;
			}
		}
		throw new IllegalStateException("No free loopback port found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
