package org.countyhub.server.feeds;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.countyhub.server.HubApplication;

/**
 * The hub in a JVM of its own, from the classes the test runs with: the only way a test can kill it as
 * {@code kill -9} does (no shutdown hook, no orderly close of connections).
 */
final class ChildHub implements AutoCloseable {

	private final Process process;
	private final int mllpPort;
	private final Path log;

	private ChildHub(Process process, int mllpPort, Path log) {
		this.process = process;
		this.mllpPort = mllpPort;
		this.log = log;
	}

	/** Starts the hub with these settings on a free MLLP port; its output goes to {@code log}. */
	static ChildHub start(List<String> settings, Path log) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"),
				HubApplication.class.getName()));
		command.addAll(settings);
		command.add("--hub.mllp.port=" + port);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ChildHub(process, port, log);
	}

	/** Waits until the MLLP listener accepts connections, or fails naming the log if the hub died starting. */
	ChildHub awaitListening(Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> !process.isAlive() || listening(mllpPort));
		if (!process.isAlive()) {
			throw new IllegalStateException("the hub did not start; see " + log);
		}
		return this;
	}

	int mllpPort() {
		return mllpPort;
	}

	boolean alive() {
		return process.isAlive();
	}

	/** As {@code kill -9}: the JVM ends at once. */
	void kill() throws InterruptedException {
		process.destroyForcibly();
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("the killed hub's JVM is still running");
		}
	}

	@Override
	public void close() {
		process.destroyForcibly();
	}

	static boolean listening(int port) {
		try (Socket ignored = new Socket("localhost", port)) {
			return true;
		} catch (IOException notYet) {
			return false;
		}
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}
}
