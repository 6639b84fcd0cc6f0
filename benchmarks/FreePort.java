import java.net.ServerSocket;

/**
 * Prints a free loopback port, for benchmarks/run.
 */
class FreePort {

	public static void main(String[] args) throws Exception {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			System.out.println(socket.getLocalPort());
		}
	}

}
