package org.countyhub.server.feeds.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmarks' reading of PostgreSQL's CPU time from /proc/[pid]/stat lines. */
class CpuMeterTest {

	@TempDir
	Path dir;

	@Test
	void aPostgresProcessCountsItsUserAndSystemTicks() throws Exception {
		// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
		Path stat = Files.writeString(dir.resolve("stat"),
				"4242 (postgres) S 1 4242 4242 0 -1 4194560 1200 0 3 0 1234 567 0 0 20 0 1 0 99 0 0\n");
		assertThat(CpuMeter.postgresTicks(stat)).isEqualTo(1234 + 567);
	}

	@Test
	void otherProcessesAndCommandNamesWithSpacesAreNotCounted() throws Exception {
		Path java = Files.writeString(dir.resolve("java"),
				"77 (java) S 1 77 77 0 -1 0 0 0 0 0 900 100 0 0 20 0 1 0 99 0 0\n");
		Path spaced = Files.writeString(dir.resolve("spaced"),
				"78 (postgres worker) S 1 78 78 0 -1 0 0 0 0 0 900 100 0 0 20 0 1 0 99 0 0\n");
		assertThat(CpuMeter.postgresTicks(java)).isZero();
		assertThat(CpuMeter.postgresTicks(spaced)).isZero();
		assertThat(CpuMeter.postgresTicks(dir.resolve("gone"))).isZero();
	}
}
