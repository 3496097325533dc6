package org.countyhub.server.validation;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** The guide's own examples, read from the profiles module on the classpath, fresh copies each time. */
final class GuideExamples {

	private GuideExamples() {}

	static <T extends Resource> T read(String fileName, Class<T> type) {
		try (InputStream in = GuideExamples.class.getClassLoader()
				.getResourceAsStream("ig/package/example/" + fileName)) {
			if (in == null) {
				throw new IllegalArgumentException("no example " + fileName);
			}
			return type.cast(FhirContext.forR4Cached().newJsonParser().parseResource(in));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static List<Resource> all() {
		try {
			return Arrays.stream(new PathMatchingResourcePatternResolver().getResources("classpath*:ig/package/example/*.json"))
					.sorted(Comparator.comparing(r -> r.getFilename()))
					.map(r -> read(r.getFilename(), Resource.class))
					.toList();
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
