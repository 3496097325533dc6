package org.countyhub.feeds.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.countyhub.county.Community;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.countyhub.county.UnitType;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.hl7.RawHeader;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.lis.LabReportTranslator;
import org.countyhub.feeds.unit.FeedUnit;
import org.countyhub.feeds.unit.FeedUnits;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Conversion alone (parse + map, no storage), one thread: the hub's translators, then the same messages through
 * the LinuxForHealth hl7v2-fhir-converter in the same JVM when it is on the class path (Maven profile
 * {@code bench}). See adapters/README.md for how to run and read it.
 */
public final class ConversionBenchmark {

	private ConversionBenchmark() {}

	public static void main(String[] args) throws Exception {
		int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
		int distinct = 2000;
		byte[][] messages = new byte[distinct][];
		BenchMessages workload = new BenchMessages(java.nio.file.Path.of("bench/oru-r01-8obx.hl7"));
		for (int i = 0; i < distinct; i++) {
			messages[i] = workload.labResult("BENCH", i).getBytes(StandardCharsets.UTF_8);
		}
		FeedUnits units = new FeedUnits(new CountyDirectory(new Community(null, "SFXYGT", null, "示范县医共体", null),
				List.of(new MemberUnit(null, "XRMYY", null, "示范县人民医院", UnitType.LEAD_HOSPITAL, null, null, null))),
				java.util.Map.of());
		FeedUnit unit = units.byCode("XRMYY").orElseThrow();
		LabReportTranslator translator = new LabReportTranslator();
		IParser json = FhirContext.forR4Cached().newJsonParser();

		System.out.println("Conversion benchmark: ORU^R01 with 8 OBX, one thread, " + seconds + " s per run");
		run("hub: parse + map to Bundle", seconds, messages, m -> convert(m, unit, translator));
		run("hub: parse + map + JSON", seconds, messages, m -> json.encodeResourceToString(convert(m, unit, translator)));

		Object lfh = linuxForHealth();
		if (lfh == null) {
			System.out.println("LinuxForHealth converter not on the class path: run with -Pbench (see README)");
			return;
		}
		Method convert = lfh.getClass().getMethod("convert", String.class);
		run("LinuxForHealth hl7v2-fhir-converter (JSON)", seconds, messages, m -> {
			try {
				return convert.invoke(lfh, new String(m, StandardCharsets.UTF_8));
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException(e);
			}
		});
	}

	static Bundle convert(byte[] raw, FeedUnit unit, LabReportTranslator translator) {
		RawHeader header = RawHeader.of(raw);
		if (header.controlId().isEmpty()) {
			throw new IllegalStateException("no MSH-10");
		}
		Hl7Message message = Hl7Message.parse(new String(raw, StandardCharsets.UTF_8));
		FeedContext ctx = new FeedContext(message, unit);
		if (FeedKind.of(message, unit) != FeedKind.LAB) {
			throw new IllegalStateException("not routed to the lab feed");
		}
		return translator.translate(ctx);
	}

	private static Object linuxForHealth() {
		try {
			return Class.forName("io.github.linuxforhealth.hl7.HL7ToFHIRConverter").getConstructor().newInstance();
		} catch (ReflectiveOperationException | LinkageError e) {
			return null;
		}
	}

	private static void run(String name, int seconds, byte[][] messages, java.util.function.Function<byte[], Object> work) {
		// warm-up: let the JIT compile the path
		long warmUntil = System.nanoTime() + Math.min(5, seconds) * 1_000_000_000L;
		int i = 0;
		Object sink = null;
		while (System.nanoTime() < warmUntil) {
			sink = work.apply(messages[i++ % messages.length]);
		}
		long start = System.nanoTime();
		long until = start + seconds * 1_000_000_000L;
		long count = 0;
		while (System.nanoTime() < until) {
			sink = work.apply(messages[(int) (count % messages.length)]);
			count++;
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		System.out.printf("%-48s %10.0f msg/s  (%d messages, %.3f ms each)%n", name, count / elapsed, count,
				elapsed * 1000 / count);
		if (sink == null) {
			throw new IllegalStateException("no output");
		}
	}
}
