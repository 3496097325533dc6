package org.countyhub.feeds.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmarks' workload: {@code bench/oru-r01-8obx.hl7} (an LIS result with 8 numeric OBX), with
 * {@code ${ID}} replaced so every message has its own control id, patient, order and specimen numbers. Conversion
 * does not depend on who the patient is: one name, birth date and sex serve every message here (the end-to-end
 * benchmark varies them, because identity matching does depend on them).
 */
public final class BenchMessages {

	private final String template;

	/** @param file the template, {@code bench/oru-r01-8obx.hl7} from the repository root */
	public BenchMessages(Path file) {
		try {
			template = Files.readString(file, StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new UncheckedIOException("benchmarks run from the repository root: " + file + " not found", e);
		}
	}

	public String labResult(String run, int n) {
		return template.replace("${ID}", run + "-" + n)
				.replace("${PATIENT}", run + "-" + n)
				.replace("${NAME}", "王^小明")
				.replace("${BIRTH}", "19750505")
				.replace("${SEX}", "M");
	}
}
