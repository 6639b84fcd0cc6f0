package io.cacheobj.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority and a server certificate for 127.0.0.1 and localhost, made with
 * openssl for TLS tests.
 *
 * @param directory where the files are
 */
public record TestCertificates(Path directory) {

	public Path caCertificate() {
		return this.directory.resolve("ca.crt");
	}

	public Path serverCertificate() {
		return this.directory.resolve("server.crt");
	}

	public Path serverKey() {
		return this.directory.resolve("server.key");
	}

	/**
	 * Generate the files in a new temporary directory.
	 * @return the certificates
	 */
	public static TestCertificates generate() {
		try {
			Path directory = Files.createTempDirectory("cacheobj-tls");
			Files.writeString(directory.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
			openssl(directory, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
					"-subj", "/CN=cacheobj test CA", "-days", "2");
			openssl(directory, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
					"-subj", "/CN=localhost");
			openssl(directory, "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
					"-CAcreateserial", "-out", "server.crt", "-days", "2", "-extfile", "san.ext");
			return new TestCertificates(directory);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void openssl(Path directory, String... arguments) throws IOException {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		try {
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(
						"openssl failed (install Debian's openssl): " + command + "\n" + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
