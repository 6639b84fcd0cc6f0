package io.cacheobj.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on the loopback interface between a client and a server, which can delay
 * bytes by a fixed latency or freeze both directions without closing anything: a silent
 * partition, a stalled switch or a frozen VM, as a client sees them. Bytes that arrive
 * while frozen are held, in order, and delivered when it heals. A delay holds each chunk
 * from its arrival, so N requests sent together cost one delay and N requests each
 * awaited cost N; the reads from clients it counts bound how many times they flushed.
 */
public final class TcpProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress target;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final Object gate = new Object();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean frozen;

	private volatile long requestDelayNanos;

	private volatile long replyDelayNanos;

	private final AtomicLong clientReads = new AtomicLong();

	private volatile boolean closed;

	private volatile boolean resetting;

	private TcpProxy(int targetPort) throws IOException {
		this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon("tcp-proxy-accept-" + this.listener.getLocalPort(), this::accept).start();
	}

	/**
	 * Start a proxy to a server that holds what clients send for a time before passing it
	 * on, as a server that far away would.
	 * @param server the server
	 * @param requestDelay how long each request is held
	 * @return the proxy
	 */
	public static TcpProxy delaying(ManagedServer server, Duration requestDelay) {
		TcpProxy proxy = to(server.port());
		proxy.requestDelayNanos = requestDelay.toNanos();
		return proxy;
	}

	/**
	 * Start a proxy to a server on the loopback interface.
	 * @param targetPort the server's port
	 * @return the proxy, accepting connections on {@link #port()}
	 */
	public static TcpProxy to(int targetPort) {
		try {
			return new TcpProxy(targetPort);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start a proxy to port " + targetPort, ex);
		}
	}

	/**
	 * Return the port clients connect to.
	 * @return the proxy's port
	 */
	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Return how many connections the proxy accepted.
	 * @return the number of connections
	 */
	public int connections() {
		return this.connections.get();
	}

	/**
	 * Stop carrying bytes in both directions, closing nothing.
	 */
	public void freeze() {
		this.frozen = true;
	}

	/**
	 * Reset every open connection (a TCP {@code RST} to both ends), as a load balancer or
	 * a NAT that forgot them does; new connections are carried as before.
	 */
	public void resetConnections() {
		for (Socket socket : this.sockets) {
			reset(socket);
		}
		this.sockets.clear();
	}

	/**
	 * Reset every connection, open or new, until told otherwise: a server that accepts
	 * connections but serves none.
	 * @param resetting whether to reset every connection
	 */
	public void resetting(boolean resetting) {
		this.resetting = resetting;
		if (resetting) {
			resetConnections();
		}
	}

	private static void reset(Socket socket) {
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Closed already: closing it again does nothing.
		}
		closeQuietly(socket);
	}

	/**
	 * Carry bytes again, the held ones first.
	 */
	public void heal() {
		synchronized (this.gate) {
			this.frozen = false;
			this.gate.notifyAll();
		}
	}

	/**
	 * Deliver every byte this long after it arrived, in both directions.
	 * @param latency the one-way latency
	 */
	public void latency(Duration latency) {
		this.requestDelayNanos = latency.toNanos();
		this.replyDelayNanos = latency.toNanos();
	}

	/**
	 * Return how many reads of client bytes the proxy made since the last reset: at least
	 * one per flush by a client, more when a flush is large.
	 * @return the number of reads
	 */
	public long clientReads() {
		return this.clientReads.get();
	}

	/**
	 * Count client reads from zero again.
	 */
	public void resetClientReads() {
		this.clientReads.set(0);
	}

	@Override
	public void close() {
		this.closed = true;
		heal();
		closeQuietly(this.listener);
		this.sockets.forEach(TcpProxy::closeQuietly);
	}

	private void accept() {
		while (!this.closed) {
			try {
				Socket client = this.listener.accept();
				if (this.resetting) {
					reset(client);
					continue;
				}
				Socket server = new Socket();
				server.connect(this.target, 5000);
				client.setTcpNoDelay(true);
				server.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(server);
				int id = this.connections.incrementAndGet();
				pipe("tcp-proxy-" + id + "-up", client, server, true);
				pipe("tcp-proxy-" + id + "-down", server, client, false);
			}
			catch (IOException ex) {
				if (!this.closed) {
					System.err.println("Proxy to " + this.target + " failed to accept: " + ex);
				}
			}
		}
	}

	/**
	 * Carry one direction: a reader that stamps each chunk with its arrival and a writer
	 * that delivers it once its latency passed and the proxy is not frozen.
	 */
	private void pipe(String name, Socket from, Socket to, boolean requests) {
		BlockingQueue<Chunk> chunks = new LinkedBlockingQueue<>();
		daemon(name + "-read", () -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					if (requests) {
						this.clientReads.incrementAndGet();
					}
					chunks.add(new Chunk(System.nanoTime(), Arrays.copyOf(buffer, read)));
				}
			}
			catch (IOException ex) {
				// The connection was closed: end this direction.
			}
			chunks.add(Chunk.END);
		}).start();
		daemon(name + "-write", () -> {
			try (OutputStream out = to.getOutputStream()) {
				while (true) {
					Chunk chunk = chunks.take();
					if (chunk == Chunk.END) {
						break;
					}
					awaitDelivery(chunk.arrived + (requests ? this.requestDelayNanos : this.replyDelayNanos));
					out.write(chunk.bytes);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The other side was closed.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			closeQuietly(from);
			closeQuietly(to);
		}).start();
	}

	private void awaitDelivery(long due) throws InterruptedException {
		long wait = due - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
		synchronized (this.gate) {
			while (this.frozen && !this.closed) {
				this.gate.wait(100);
			}
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing what may already be closed.
		}
	}

	private record Chunk(long arrived, byte[] bytes) {

		static final Chunk END = new Chunk(0, new byte[0]);

	}

}
