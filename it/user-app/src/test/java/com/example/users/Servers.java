package com.example.users;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code redis-server} or {@code memcached} process on a free loopback port, as the
 * application's tests start them.
 */
final class Servers implements AutoCloseable {

	private final Process process;

	private final int port;

	private Servers(List<String> command, int port) {
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0) + ": install it", ex);
		}
		this.port = port;
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (true) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return;
			}
			catch (IOException ex) {
				if (!this.process.isAlive() || Instant.now().isAfter(deadline)) {
					this.process.destroyForcibly();
					throw new IllegalStateException(command + " did not start", ex);
				}
				sleep();
			}
		}
	}

	static Servers redis(String... arguments) {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind",
				"127.0.0.1", "--save", "", "--appendonly", "no"));
		command.addAll(List.of(arguments));
		return new Servers(command, port);
	}

	static Servers memcached() {
		int port = freePort();
		return new Servers(
				List.of("memcached", "-l", "127.0.0.1", "-p", Integer.toString(port), "-U", "0", "-u", "root"), port);
	}

	int port() {
		return this.port;
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
