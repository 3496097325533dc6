package org.countyhub.server.prescription;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Coding;

/** The guide's 处方退回原因 ({@link HubSystems#PRESCRIPTION_RETURN_REASON}), read from the guide once. */
final class ReturnReasons {

	private static final String GUIDE_CODE_SYSTEM = "/ig/package/CodeSystem-prescription-return-reason.json";
	private static final Map<String, String> DISPLAYS = read();

	private ReturnReasons() {}

	static Optional<Coding> coding(String code) {
		return Optional.ofNullable(DISPLAYS.get(code))
				.map(display -> new Coding(HubSystems.PRESCRIPTION_RETURN_REASON, code, display));
	}

	static Map<String, String> all() {
		return DISPLAYS;
	}

	private static Map<String, String> read() {
		try (InputStream in = ReturnReasons.class.getResourceAsStream(GUIDE_CODE_SYSTEM)) {
			if (in == null) {
				throw new IllegalStateException(GUIDE_CODE_SYSTEM + " is not on the classpath (profiles module)");
			}
			CodeSystem codes = FhirContext.forR4Cached().newJsonParser().parseResource(CodeSystem.class, in);
			Map<String, String> displays = new LinkedHashMap<>();
			codes.getConcept().forEach(c -> displays.put(c.getCode(), c.getDisplay()));
			return Map.copyOf(displays);
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
