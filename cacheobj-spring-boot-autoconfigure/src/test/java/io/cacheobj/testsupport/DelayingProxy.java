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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback that delays what clients send by a fixed time, as a server that
 * far away would: N requests sent together cost one delay, N requests each awaited cost N
 * delays. It counts the reads from clients, a bound on how many times they flushed.
 */
public final class DelayingProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final String host;

	private final int targetPort;

	private final long delayNanos;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicLong clientReads = new AtomicLong();

	private volatile boolean open = true;

	private DelayingProxy(String host, int targetPort, Duration delay) throws IOException {
		this.host = host;
		this.targetPort = targetPort;
		this.delayNanos = delay.toNanos();
		this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		daemon(this::accept, "proxy-accept-" + this.listener.getLocalPort()).start();
	}

	/**
	 * Start a proxy to a server.
	 * @param server the server
	 * @param delay how long what a client sends is held before it is passed on
	 * @return the started proxy
	 */
	public static DelayingProxy start(ManagedServer server, Duration delay) {
		try {
			return new DelayingProxy(server.host(), server.port(), delay);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Return how many reads of client data the proxy made since the last reset.
	 * @return the number of reads
	 */
	public long clientReads() {
		return this.clientReads.get();
	}

	public void resetClientReads() {
		this.clientReads.set(0);
	}

	private void accept() {
		while (this.open) {
			try {
				Socket client = this.listener.accept();
				client.setTcpNoDelay(true);
				Socket server = new Socket();
				server.setTcpNoDelay(true);
				server.connect(new InetSocketAddress(this.host, this.targetPort), 2000);
				this.sockets.add(client);
				this.sockets.add(server);
				LinkedBlockingQueue<Chunk> delayed = new LinkedBlockingQueue<>();
				daemon(() -> read(client, delayed), "proxy-read").start();
				daemon(() -> writeDelayed(delayed, server), "proxy-delay").start();
				daemon(() -> copy(server, client), "proxy-reply").start();
			}
			catch (IOException ex) {
				// closed, or the server refused: the client sees its connection closed
			}
		}
	}

	private void read(Socket client, LinkedBlockingQueue<Chunk> delayed) {
		byte[] buffer = new byte[65536];
		try (InputStream in = client.getInputStream()) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				this.clientReads.incrementAndGet();
				delayed.add(new Chunk(System.nanoTime() + this.delayNanos, Arrays.copyOf(buffer, read)));
			}
		}
		catch (IOException ex) {
			// connection closed
		}
		delayed.add(new Chunk(0, null));
	}

	private void writeDelayed(LinkedBlockingQueue<Chunk> delayed, Socket server) {
		try (OutputStream out = server.getOutputStream()) {
			while (true) {
				Chunk chunk = delayed.take();
				if (chunk.bytes == null) {
					return;
				}
				long wait = chunk.due - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				out.write(chunk.bytes);
				out.flush();
			}
		}
		catch (IOException | InterruptedException ex) {
			// connection closed
		}
		finally {
			closeQuietly(server);
		}
	}

	private void copy(Socket from, Socket to) {
		byte[] buffer = new byte[65536];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// connection closed
		}
		finally {
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private static Thread daemon(Runnable work, String name) {
		Thread thread = new Thread(work, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void close() {
		this.open = false;
		try {
			this.listener.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
		this.sockets.forEach(DelayingProxy::closeQuietly);
	}

	private record Chunk(long due, byte[] bytes) {

	}

}
