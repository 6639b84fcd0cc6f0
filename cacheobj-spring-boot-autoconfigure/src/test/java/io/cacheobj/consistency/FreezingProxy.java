package io.cacheobj.consistency;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback interface that can go silent as a partition does: while
 * frozen it holds every byte, in both directions and on new connections too, and closes
 * nothing, so neither side sees a FIN or an RST; once healed it passes on what it held.
 */
final class FreezingProxy implements AutoCloseable {

	private final InetSocketAddress target;

	private final ServerSocket server;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private final AtomicLong held = new AtomicLong();

	private volatile boolean frozen;

	private volatile boolean closed;

	/**
	 * Start a proxy to a server on this machine.
	 * @param port the server's loopback port
	 * @throws IOException when no port can be bound
	 */
	FreezingProxy(int port) throws IOException {
		this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon("proxy-accept-" + port, this::accept).start();
	}

	/**
	 * Return the port the proxy listens on.
	 * @return the port
	 */
	int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Stop passing bytes on, in both directions, until {@link #heal()}.
	 */
	void freeze() {
		this.frozen = true;
	}

	/**
	 * Pass on what was held, and every byte from now on.
	 */
	void heal() {
		synchronized (this.lock) {
			this.frozen = false;
			this.lock.notifyAll();
		}
	}

	/**
	 * Return how many reads of bytes were held while frozen.
	 * @return the count
	 */
	long held() {
		return this.held.get();
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket();
				this.sockets.add(client);
				this.sockets.add(upstream);
				upstream.connect(this.target, 1000);
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				daemon("proxy-up-" + client.getPort(), () -> pump(client, upstream)).start();
				daemon("proxy-down-" + client.getPort(), () -> pump(upstream, client)).start();
			}
			catch (IOException ex) {
				// The proxy is closing, or the server is down: a client connecting now
				// sees
				// its connection close, as it would without the proxy.
			}
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16384];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			int read;
			while ((read = in.read(buffer)) >= 0) {
				awaitThaw();
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side closed: close the other, as a direct connection would be.
		}
		closeQuietly(from);
		closeQuietly(to);
	}

	private void awaitThaw() {
		if (!this.frozen) {
			return;
		}
		this.held.incrementAndGet();
		synchronized (this.lock) {
			while (this.frozen && !this.closed) {
				try {
					this.lock.wait(100);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		heal();
		closeQuietly(this.server);
		this.sockets.forEach(FreezingProxy::closeQuietly);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing what may already be closed.
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
