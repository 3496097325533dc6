package org.countyhub.feeds.golden;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.CountyYamlReader;
import org.countyhub.feeds.ecg.EcgReportTranslator;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.his.AdtTranslator;
import org.countyhub.feeds.his.OrderTranslator;
import org.countyhub.feeds.his.PharmacyOrderTranslator;
import org.countyhub.feeds.hl7.Hl7Charsets;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.hl7.RawHeader;
import org.countyhub.feeds.intake.FeedKind;
import org.countyhub.feeds.lis.LabReportTranslator;
import org.countyhub.feeds.pacs.ImagingReportTranslator;
import org.countyhub.feeds.unit.CodeTableFile;
import org.countyhub.feeds.unit.FeedUnit;
import org.countyhub.feeds.unit.FeedUnits;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code golden/<unit>/<message type>/<case>.hl7} is translated without Camel or a server, with the
 * unit's settings and code tables from {@code golden/<unit>/}, and every line {@code FHIRPath = value} of the
 * {@code <case>.expected} beside it must hold on the transaction Bundle.
 */
class GoldenTranslationTest {

	private static final IFhirPath FHIRPATH = FhirContext.forR4Cached().newFhirPath();

	static Stream<Path> cases() throws IOException {
		try (Stream<Path> files = Files.walk(root())) {
			return files.filter(p -> p.toString().endsWith(".hl7")).sorted().toList().stream();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void translationMatchesTheExpectedValues(Path hl7) throws IOException {
		Path relative = root().relativize(hl7);
		String unitCode = relative.getName(0).toString();
		byte[] raw = Files.readAllBytes(hl7);
		FeedUnit unit = units().byCode(unitCode).orElseThrow();
		RawHeader header = RawHeader.of(raw);
		Charset charset = header.charsetName().isEmpty()
				? Charset.forName(unit.feed().defaultCharset())
				: Hl7Charsets.forMsh18(header.charsetName()).orElseThrow();
		Hl7Message message = Hl7Message.parse(new String(raw, charset));
		FeedContext ctx = new FeedContext(message, unit);
		Bundle bundle = switch (FeedKind.of(message, unit)) {
			case ADT -> new AdtTranslator().translate(ctx);
			case ORDER -> new OrderTranslator().translate(ctx);
			case PHARMACY -> new PharmacyOrderTranslator().translate(ctx);
			case LAB -> new LabReportTranslator().translate(ctx);
			case IMAGING -> new ImagingReportTranslator().translate(ctx);
			case ECG -> new EcgReportTranslator().translate(ctx);
		};
		Path expected = hl7.resolveSibling(hl7.getFileName().toString().replace(".hl7", ".expected"));
		List<String> lines = Files.readAllLines(expected, StandardCharsets.UTF_8).stream()
				.filter(l -> !l.isBlank() && !l.startsWith("#"))
				.toList();
		assertThat(lines).isNotEmpty();
		List<String> failures = new ArrayList<>();
		for (String line : lines) {
			int eq = line.lastIndexOf(" = ");
			String path = line.substring(0, eq).trim();
			String want = line.substring(eq + 3).replace("\\n", "\n");
			String got = FHIRPATH.evaluate(bundle, path, IBase.class).stream()
					.map(GoldenTranslationTest::text)
					.collect(Collectors.joining(" | "));
			if (!want.equals(got)) {
				failures.add(path + "\n    expected: " + want + "\n    actual:   " + got);
			}
		}
		assertThat(failures).as(relative.toString()).isEmpty();
	}

	private static String text(IBase value) {
		if (value instanceof IPrimitiveType<?> primitive) {
			return primitive.getValueAsString();
		}
		return value.toString();
	}

	private static FeedUnits units;

	static synchronized FeedUnits units() throws IOException {
		if (units == null) {
			List<CountyYamlReader.Source> unitFiles = new ArrayList<>();
			Map<String, List<CodeTableFile.Table>> tables = new HashMap<>();
			try (Stream<Path> dirs = Files.list(root())) {
				for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
					unitFiles.add(source(dir.resolve("unit.yaml")));
					try (Stream<Path> csvs = Files.list(dir)) {
						for (Path csv : csvs.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
							try (InputStream in = Files.newInputStream(csv)) {
								tables.computeIfAbsent(dir.getFileName().toString(), k -> new ArrayList<>())
										.add(CodeTableFile.read(csv.getFileName().toString(), in));
							}
						}
					}
				}
			}
			CountyDirectory directory = new CountyYamlReader().read(source(root().resolve("county.yaml")), unitFiles);
			units = new FeedUnits(directory, tables);
		}
		return units;
	}

	private static CountyYamlReader.Source source(Path file) {
		return new CountyYamlReader.Source() {
			@Override
			public String name() {
				return file.toString();
			}

			@Override
			public InputStream open() throws IOException {
				return Files.newInputStream(file);
			}
		};
	}

	private static Path root() {
		try {
			return Path.of(GoldenTranslationTest.class.getResource("/golden").toURI());
		} catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}
}
