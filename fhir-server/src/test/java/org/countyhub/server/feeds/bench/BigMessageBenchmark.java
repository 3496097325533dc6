package org.countyhub.server.feeds.bench;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.countyhub.feeds.intake.MllpListenerRoute;
import org.countyhub.server.HubApplication;
import org.countyhub.server.feeds.MllpClient;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 20 finding 3: the time from sending an ORU^R01 with 8 / 100 / 500 / 1,000 / 2,000 OBX (each its own code)
 * over MLLP to its AA, on an otherwise idle hub on a fresh H2 database (or the JDBC URL given). Each size is sent
 * {@code rounds} times after a few unmeasured small messages, and the best and the median are printed: a big
 * message that grows faster than its OBX count shows here. Run with {@code bench/big-message.sh}.
 */
public final class BigMessageBenchmark {

	private static final int[] SIZES = {8, 100, 500, 1_000, 2_000};

	private BigMessageBenchmark() {}

	public static void main(String[] args) throws Exception {
		int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
		List<String> settings = new ArrayList<>(List.of("--server.port=0", "--hub.mllp.port=0",
				"--hub.data-dir=" + Files.createTempDirectory("hub-big-"), "--spring.jmx.enabled=false",
				"--logging.level.root=WARN", "--logging.level.org.countyhub=WARN"));
		if (args.length > 1 && !args[1].isBlank()) {
			settings.addAll(List.of("--spring.datasource.url=" + args[1], "--spring.datasource.username=postgres",
					"--spring.datasource.password=postgres"));
		}
		for (int i = 2; i < args.length; i++) {
			settings.add(args[i]);
		}
		ConfigurableApplicationContext hub = SpringApplication.run(HubApplication.class, settings.toArray(String[]::new));
		try (MllpClient sender = new MllpClient(hub.getBean(MllpListenerRoute.class).port())) {
			String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);
			// warm-up: the JIT compiles the paths of a result with a few hundred OBX
			for (int w = 0; w < 5; w++) {
				send(sender, BigResult.oru(w < 4 ? 8 : 100, "W" + run + "-" + w));
			}
			System.out.println("ORU^R01 with N OBX (each its own code) over MLLP to AA, idle hub, " + rounds + " rounds:");
			for (int size : SIZES) {
				double[] seconds = new double[rounds];
				for (int r = 0; r < rounds; r++) {
					seconds[r] = send(sender, BigResult.oru(size, "B" + run + "-" + size + "-" + r));
					System.out.printf(Locale.ROOT, "  %5d OBX, round %d: %6.2f s%n", size, r + 1, seconds[r]);
				}
				java.util.Arrays.sort(seconds);
				System.out.printf(Locale.ROOT, "%5d OBX: best %6.2f s  median %6.2f s%n", size, seconds[0],
						seconds[rounds / 2]);
			}
		} finally {
			hub.close();
		}
		System.exit(0);
	}

	private static double send(MllpClient sender, String message) {
		long t0 = System.nanoTime();
		MllpClient.Ack ack = sender.send(message);
		double seconds = (System.nanoTime() - t0) / 1e9;
		if (!"AA".equals(ack.code())) {
			throw new IllegalStateException("not accepted: " + ack.text());
		}
		return seconds;
	}
}
