package org.countyhub.server.identity;

import ca.uhn.fhir.mdm.rules.json.MdmMatcherJson;
import ca.uhn.fhir.mdm.rules.matcher.models.IMdmFieldMatcher;
import com.ibm.icu.text.Transliterator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.StringType;

/**
 * HAPI's STRING matcher made fit for Chinese names. With {@code exact: true} two values match when their
 * characters are the same (whitespace ignored: "王 伟" = "王伟"). Without it they match when they read the same:
 * Han characters are compared by their toneless pinyin, so 王伟, 王玮 and "WANG Wei" all match (a unit that
 * registers in pinyin, or a homophone typed by mistake). A HumanName is read as its text, or family name then
 * given names (Chinese order).
 *
 * <p>Pinyin comes from ICU4J's Han-Latin transliterator, already on the class path through HAPI (no extra
 * library). It gives each character its most common reading, the same on both sides, so equal characters always
 * match; a rare surname reading (单 Shàn) is spelled the common way, which only matters against a name typed in
 * pinyin.
 */
final class PinyinStringMatcher implements IMdmFieldMatcher {

	// Building the transliterator loads large tables; instances are not documented as thread-safe.
	private static final ThreadLocal<Transliterator> TO_PINYIN =
			ThreadLocal.withInitial(() -> Transliterator.getInstance("Han-Latin; Latin-ASCII"));

	@Override
	public boolean matches(IBase left, IBase right, MdmMatcherJson params) {
		String leftText = text(left);
		String rightText = text(right);
		if (leftText.isEmpty() || rightText.isEmpty()) {
			return false;
		}
		return params.getExact() ? leftText.equals(rightText) : readAs(leftText).equals(readAs(rightText));
	}

	// MDM compares every incoming Patient with up to the candidate limit of others, and names repeat across a
	// county: transliteration showed in MDM's profile. The most recently read names are kept.
	private static final int READINGS_KEPT = 20_000;
	private static final Map<String, String> READINGS = Collections.synchronizedMap(
			new LinkedHashMap<>(1024, 0.75f, true) {
				@Override
				protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
					return size() > READINGS_KEPT;
				}
			});

	static String readAs(String text) {
		String reading = READINGS.get(text);
		if (reading == null) {
			reading = TO_PINYIN.get().transliterate(text).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
			READINGS.put(text, reading);
		}
		return reading;
	}

	private static String text(IBase value) {
		String raw;
		if (value instanceof HumanName name) {
			raw = name.hasText()
					? name.getText()
					: name.getFamily() == null ? "" : name.getFamily()
							+ name.getGiven().stream().map(StringType::getValue).collect(Collectors.joining());
		} else if (value instanceof IPrimitiveType<?> primitive && primitive.getValueAsString() != null) {
			raw = primitive.getValueAsString();
		} else {
			raw = "";
		}
		return raw.replaceAll("\\s+", "");
	}
}
