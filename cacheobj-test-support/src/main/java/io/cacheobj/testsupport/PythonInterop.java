package io.cacheobj.testsupport;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Python snippets with Debian's python3 and its redis and memcache modules, the
 * clients the Python library {@code cacheobj} uses, to prove that both read one cache.
 */
public final class PythonInterop {

	private static final String PYTHON = "/usr/bin/python3";

	private PythonInterop() {
	}

	/**
	 * Run a snippet and return what it printed.
	 * @param module the client module it imports, {@code redis} or {@code memcache}
	 * @param script the Python code; {@code sys.argv[1:]} are the arguments
	 * @param arguments the arguments
	 * @return the standard output, trimmed
	 */
	public static String run(String module, String script, String... arguments) {
		if (!new File(PYTHON).canExecute()) {
			throw new IllegalStateException(PYTHON + " is missing: install Debian's python3, python3-redis and "
					+ "python3-memcache (the README's test command does)");
		}
		List<String> command = new ArrayList<>(List.of(PYTHON, "-c", "import sys, " + module + "\n" + script));
		command.addAll(List.of(arguments));
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				if (output.contains("No module named")) {
					throw new IllegalStateException("Python module '" + module + "' is missing: install Debian's "
							+ "python3-redis and python3-memcache (the README's test command does)\n" + output);
				}
				throw new IllegalStateException("Python failed: " + output);
			}
			return output.trim();
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
