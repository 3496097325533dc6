package org.countyhub.server.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PACS for the tests: Debian's Orthanc with its DICOMweb plugin, started once per test JVM on a free
 * loopback port with its own storage folder and a generated configuration (HTTP only, no authentication, DICOM
 * listener off). Without Orthanc installed the tests that need it are skipped, saying why, except under
 * {@code CI=true}, where a missing Orthanc is a failure. Install: {@code apt-get install orthanc orthanc-dicomweb}.
 */
public final class Orthanc {

	static final Path BINARY = Path.of("/usr/sbin/Orthanc");
	static final Path DICOMWEB_PLUGIN = Path.of("/usr/share/orthanc/plugins/libOrthancDicomWeb.so");

	private static Orthanc shared;

	private final Process process;
	private final int port;
	private final HttpClient http = HttpClient.newHttpClient();

	private Orthanc(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/** The test JVM's Orthanc, started on first use; skips (or, under CI, fails) the test when not installed. */
	public static synchronized Orthanc shared() {
		if (!Files.isExecutable(BINARY) || !Files.exists(DICOMWEB_PLUGIN)) {
			String why = "Orthanc with the DICOMweb plugin is not installed (" + BINARY + ", " + DICOMWEB_PLUGIN
					+ "); install it with: apt-get install orthanc orthanc-dicomweb";
			if ("true".equals(System.getenv("CI"))) {
				fail(why);
			}
			Assumptions.abort(why);
		}
		if (shared == null) {
			shared = start();
		}
		return shared;
	}

	private static Orthanc start() {
		try {
			Path dir = Files.createTempDirectory(Path.of("target"), "orthanc-").toAbsolutePath();
			int port = freePort();
			String config = """
					{
					  "Name": "county-hub-test-pacs",
					  "StorageDirectory": "%1$s/storage",
					  "IndexDirectory": "%1$s/storage",
					  "HttpPort": %2$d,
					  "RemoteAccessAllowed": false,
					  "AuthenticationEnabled": false,
					  "DicomServerEnabled": false,
					  "DicomPort": %3$d,
					  "Plugins": ["%4$s"],
					  "DicomWeb": {"Enable": true, "Root": "/dicom-web/", "EnableWado": true}
					}
					""".formatted(dir, port, freePort(), DICOMWEB_PLUGIN);
			Path configFile = dir.resolve("orthanc.json");
			Files.writeString(configFile, config);
			Process process = new ProcessBuilder(BINARY.toString(), configFile.toString())
					.redirectErrorStream(true)
					.redirectOutput(dir.resolve("orthanc.log").toFile())
					.start();
			Orthanc orthanc = new Orthanc(process, port);
			Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
			orthanc.awaitUp(dir);
			return orthanc;
		} catch (IOException e) {
			throw new IllegalStateException("Orthanc could not be started", e);
		}
	}

	private void awaitUp(Path dir) {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Orthanc exited at start; see " + dir.resolve("orthanc.log"));
			}
			try {
				HttpResponse<String> response = http.send(
						HttpRequest.newBuilder(URI.create(baseUrl() + "/system")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					return;
				}
			} catch (IOException e) {
				// not listening yet
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
			try {
				process.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		throw new IllegalStateException("Orthanc did not answer within 30 s; see " + dir.resolve("orthanc.log"));
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + port;
	}

	/** The DICOMweb base (QIDO-RS, WADO-RS, STOW-RS) as a unit's Endpoint would give it. */
	public String dicomWebUrl() {
		return baseUrl() + "/dicom-web";
	}

	/** Stores one DICOM Part 10 file through Orthanc's REST API, as a modality would through C-STORE. */
	public void upload(byte[] dicomFile) {
		// Orthanc may close an idle kept-alive connection just as the client reuses it ("header parser received no
		// bytes"); storing the same instance again is harmless, so try once more on a fresh connection.
		try {
			upload(dicomFile, http);
		} catch (IllegalStateException first) {
			if (!(first.getCause() instanceof IOException)) {
				throw first;
			}
			upload(dicomFile, HttpClient.newHttpClient());
		}
	}

	private void upload(byte[] dicomFile, HttpClient client) {
		try {
			HttpResponse<String> response = client.send(
					HttpRequest.newBuilder(URI.create(baseUrl() + "/instances"))
							.header("Content-Type", "application/dicom")
							.POST(HttpRequest.BodyPublishers.ofByteArray(dicomFile))
							.build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("Orthanc refused the DICOM file: " + response.statusCode() + " "
						+ response.body());
			}
		} catch (IOException e) {
			throw new IllegalStateException(e);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
