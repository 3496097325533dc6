package org.countyhub.server.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.countyhub.server.HubApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What the latency benchmarks share: a hub on a fresh embedded PostgreSQL database (logging at WARN), and timing a
 * call from several clients at once, reported as p50 / p95 / p99 / max ms, requests/s and the JVM's CPU per request.
 */
public final class Latencies {

	private Latencies() {}

	/** A hub on a new embedded PostgreSQL database and a temporary data folder, with these extra properties. */
	public static ConfigurableApplicationContext startOnPostgres(String... properties) throws java.io.IOException {
		Path dataDir = Files.createTempDirectory("hub-bench-");
		String jdbcUrl = TestPostgres.newDatabaseUrl("hub_bench_" + Long.toString(System.nanoTime(), 36));
		List<String> all = new ArrayList<>(List.of(
				"server.port=0",
				"spring.datasource.url=" + jdbcUrl,
				"spring.datasource.username=postgres",
				"spring.datasource.password=postgres",
				"hub.data-dir=" + dataDir,
				"logging.level.root=WARN",
				"logging.level.org.countyhub=WARN"));
		all.addAll(Arrays.asList(properties));
		// as command-line arguments: default properties would lose to application.yaml (its H2 url and data dir)
		return new SpringApplicationBuilder(HubApplication.class)
				.run(all.stream().map(p -> "--" + p).toArray(String[]::new));
	}

	/** CPU time of this JVM (server and client threads), so a loaded machine's queueing can be told apart. */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
						.getOperatingSystemMXBean())
				.getProcessCpuTime();
	}

	/** Timing of every request, then the wall time, then the process CPU time. */
	public static long[] measure(Callable<Long> call, int clients, int requests) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		try {
			int each = requests / clients;
			List<Future<long[]>> futures = new ArrayList<>();
			long cpuStart = processCpuNanos();
			long start = System.nanoTime();
			for (int c = 0; c < clients; c++) {
				futures.add(pool.submit(() -> {
					long[] times = new long[each];
					for (int i = 0; i < each; i++) {
						times[i] = call.call();
					}
					return times;
				}));
			}
			long[] all = new long[each * clients + 2];
			int n = 0;
			for (Future<long[]> f : futures) {
				for (long t : f.get()) {
					all[n++] = t;
				}
			}
			all[n] = System.nanoTime() - start;
			all[n + 1] = processCpuNanos() - cpuStart;
			return all;
		} finally {
			pool.shutdown();
		}
	}

	public static void report(String name, int clients, long[] timesAndWall) {
		long cpu = timesAndWall[timesAndWall.length - 1];
		long wall = timesAndWall[timesAndWall.length - 2];
		long[] times = Arrays.copyOf(timesAndWall, timesAndWall.length - 2);
		Arrays.sort(times);
		System.out.printf("%-40s %8d %8.1f %8.1f %8.1f %8.1f %9.0f %10.1f%n", name, clients,
				ms(percentile(times, 50)), ms(percentile(times, 95)), ms(percentile(times, 99)),
				ms(times[times.length - 1]), times.length / (wall / 1e9), ms(cpu) / times.length);
	}

	private static long percentile(long[] sorted, int p) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
	}

	private static double ms(long nanos) {
		return nanos / 1e6;
	}
}
