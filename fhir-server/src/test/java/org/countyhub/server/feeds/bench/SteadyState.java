package org.countyhub.server.feeds.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Warm-up until the JIT is done. On 2 cores a server as large as HAPI's (with Hibernate, Spring and, in the hub,
 * the HL7 validator and Camel) keeps one C2 compiler thread busy for minutes: measured, hot transaction methods
 * ran as profiled C1 code a minute after start and the compilers took a third of the machine during runs that
 * followed a warm-up of 2,000 messages. Rounds are repeated until the compilers spend at most {@link #QUIET} of a
 * round's time, so both benchmarks compare servers whose hot paths are compiled (adapters/README.md, "Warm-up").
 */
final class SteadyState {

	/** Compile time (summed over the compiler threads) per second of a round below which the JIT counts as done. */
	static final double QUIET = 0.05;

	private SteadyState() {}

	/**
	 * The warm-up both benchmarks do before measuring: {@code --bench.warmup=N} messages by 4 clients (default 4 x a
	 * run), then at most {@code --bench.jit-rounds=N} rounds (default 30) until the JIT is done.
	 *
	 * @param rest the arguments that are not these two, in their order
	 */
	record Options(int warmup, int maxRounds, List<String> rest) {

		static Options parse(List<String> args, int perRun) {
			int warmup = 4 * perRun;
			int maxRounds = 30;
			List<String> rest = new ArrayList<>();
			for (String arg : args) {
				if (arg.startsWith("--bench.warmup=")) {
					warmup = Integer.parseInt(arg.substring("--bench.warmup=".length()));
				} else if (arg.startsWith("--bench.jit-rounds=")) {
					maxRounds = Integer.parseInt(arg.substring("--bench.jit-rounds=".length()));
				} else {
					rest.add(arg);
				}
			}
			return new Options(warmup, maxRounds, rest);
		}
	}

	/**
	 * Runs {@code round} until a round's compile time is at most {@link #QUIET} of its duration, or {@code maxRounds}
	 * rounds; prints a line per round. {@code round} returns what it achieved (e.g. messages/s), printed as is.
	 */
	static void warmUp(int maxRounds, Callable<String> round) throws Exception {
		for (int i = 1; i <= maxRounds; i++) {
			long compiling = CpuMeter.compilingMillis();
			long start = System.nanoTime();
			String achieved = round.call();
			double seconds = (System.nanoTime() - start) / 1e9;
			double compiled = (CpuMeter.compilingMillis() - compiling) / 1000.0;
			System.out.printf("  until compiled, round %d: %s, JIT compiling %.1f s of %.1f s%n", i, achieved, compiled, seconds);
			if (compiled <= QUIET * seconds) {
				return;
			}
		}
		System.out.println("  the JIT was still compiling after " + maxRounds + " rounds; measuring anyway");
	}
}
