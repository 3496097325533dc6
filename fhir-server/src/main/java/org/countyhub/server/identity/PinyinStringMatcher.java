package org.countyhub.server.identity;

import ca.uhn.fhir.mdm.rules.json.MdmMatcherJson;
import ca.uhn.fhir.mdm.rules.matcher.models.IMdmFieldMatcher;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;

/**
 * HAPI's STRING matcher made fit for Chinese names. With {@code exact: true} two values match when their
 * characters are the same (whitespace ignored: "王 伟" = "王伟"). Without it they match when they read the same
 * ({@link NameReading}): 王伟, 王玮 and "WANG Wei" all match (a unit that registers in pinyin, or a homophone typed
 * by mistake). A HumanName is read as its text, or family name then given names (Chinese order). A value longer
 * than the name limit matches nothing, and is never transliterated.
 */
final class PinyinStringMatcher implements IMdmFieldMatcher {

	private final NameReading reading;

	PinyinStringMatcher(NameReading reading) {
		this.reading = reading;
	}

	@Override
	public boolean matches(IBase left, IBase right, MdmMatcherJson params) {
		if (params.getExact()) {
			Optional<String> leftText = reading.compact(text(left));
			return leftText.isPresent() && leftText.equals(reading.compact(text(right)));
		}
		Optional<String> leftReading = reading.of(text(left));
		return leftReading.isPresent() && leftReading.equals(reading.of(text(right)));
	}

	/** The name as MDM and the blocking key read it: its text, or family then given names. */
	static String text(IBase value) {
		if (value instanceof HumanName name) {
			if (name.hasText()) {
				return name.getText();
			}
			return name.getFamily() == null ? "" : name.getFamily()
					+ name.getGiven().stream().map(StringType::getValue).collect(Collectors.joining());
		}
		if (value instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null) {
			return primitive.getValueAsString();
		}
		return "";
	}
}
