package org.countyhub.server.feeds.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent during a measured run: this JVM's (server and benchmark clients alike) and, on Linux, that of
 * every PostgreSQL process on the machine. On a shared 2-core machine the rate of a run moves with what else runs;
 * the CPU a message costs moves less, so it is the figure to compare settings by, over several runs
 * (adapters/README.md). A PostgreSQL backend that exits during the run takes its ticks with it; the servers keep
 * their connections pooled, so that is rare.
 */
final class CpuMeter {

	/** Linux's USER_HZ, the unit of utime and stime in /proc/[pid]/stat. */
	private static final double TICKS_PER_SECOND = 100.0;

	private final long jvmStart = jvmNanos();
	private final double databaseStart = databaseSeconds();
	private final long compilingStart = compilingMillis();
	private final long wallStart = System.nanoTime();

	/** {@code messages} were handled since this meter started: CPU milliseconds per message, JVM and database. */
	String perMessage(int messages) {
		double jvm = (jvmNanos() - jvmStart) / 1e6 / messages;
		double database = databaseSeconds();
		String db = Double.isNaN(database) || Double.isNaN(databaseStart) ? "n/a"
				: String.format("%5.1f", (database - databaseStart) * 1000 / messages);
		return String.format("CPU per message: JVM %5.1f ms, PostgreSQL %s ms; JIT compiling %.1f s of %.1f s",
				jvm, db, (compilingMillis() - compilingStart) / 1000.0, (System.nanoTime() - wallStart) / 1e9);
	}

	/** Time the JIT compilers have spent so far (summed over its threads), in milliseconds. */
	static long compilingMillis() {
		return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
	}

	private static long jvmNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime();
	}

	/** utime + stime of every process named postgres, in seconds; NaN where /proc is not there to read. */
	private static double databaseSeconds() {
		Path proc = Path.of("/proc");
		if (!Files.isDirectory(proc)) {
			return Double.NaN;
		}
		long ticks = 0;
		try (Stream<Path> entries = Files.list(proc)) {
			for (Path entry : (Iterable<Path>) entries::iterator) {
				if (entry.getFileName().toString().chars().allMatch(Character::isDigit)) {
					ticks += postgresTicks(entry.resolve("stat"));
				}
			}
		} catch (IOException e) {
			return Double.NaN;
		}
		return ticks / TICKS_PER_SECOND;
	}

	static long postgresTicks(Path stat) {
		try {
			String line = Files.readString(stat);
			// pid (comm) state ppid ... : comm may hold spaces, so fields are counted after the last ')'
			int close = line.lastIndexOf(')');
			if (close < 0 || !line.substring(line.indexOf('(') + 1, close).equals("postgres")) {
				return 0;
			}
			String[] fields = line.substring(close + 2).split(" ");
			// fields from "state" on: utime and stime are the 14th and 15th of the whole line, 12th and 13th here
			return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
		} catch (IOException | RuntimeException e) {
			return 0; // the process ended meanwhile
		}
	}
}
