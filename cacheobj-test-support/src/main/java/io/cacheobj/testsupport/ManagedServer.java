package io.cacheobj.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A server a test runs against: a local process, or a container when the binary is
 * missing.
 */
public interface ManagedServer extends AutoCloseable {

	String host();

	int port();

	/**
	 * Start the server, again after {@link #kill()}, on the same port.
	 */
	void start();

	/**
	 * Kill the server at once, as a crash would.
	 */
	void kill();

	/**
	 * Send a signal, such as {@code STOP} or {@code CONT}.
	 * @param signal the signal's name
	 */
	void signal(String signal);

	/**
	 * Send one line of the server's text protocol and return the reply.
	 * @param line the line, without its end
	 * @return the reply, empty when the server did not answer
	 */
	default String send(String line) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(), port()), 1000);
			socket.setSoTimeout(2000);
			OutputStream out = socket.getOutputStream();
			out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] buffer = new byte[65536];
			int read = in.read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "";
		}
	}

	@Override
	void close();

}
