package org.countyhub.feeds.fhir;

import org.countyhub.feeds.hl7.Field;
import org.hl7.fhir.r4.model.HumanName;

/**
 * XPN to HumanName. Chinese HIS usually send the whole name in XPN-1 (张三) or family/given split (张^三); the
 * text is written the Chinese way (family then given, no space) when the name is Chinese, else "given family".
 */
public final class HumanNames {

	private HumanNames() {}

	public static HumanName of(Field xpn) {
		HumanName name = new HumanName();
		String family = xpn.component(1);
		String given = xpn.component(2);
		String middle = xpn.component(3);
		if (!family.isEmpty()) {
			name.setFamily(family);
		}
		if (!given.isEmpty()) {
			name.addGiven(given);
		}
		if (!middle.isEmpty()) {
			name.addGiven(middle);
		}
		if (!xpn.component(5).isEmpty()) {
			name.addPrefix(xpn.component(5));
		}
		if (!xpn.component(4).isEmpty()) {
			name.addSuffix(xpn.component(4));
		}
		name.setUse(use(xpn.component(7)));
		name.setText(text(family, given + middle));
		return name;
	}

	static String text(String family, String given) {
		if (given.isEmpty()) {
			return family;
		}
		if (family.isEmpty()) {
			return given;
		}
		return isCjk(family) || isCjk(given) ? family + given : given + " " + family;
	}

	private static boolean isCjk(String s) {
		return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
	}

	/** HL7 table 0200 name type. */
	private static HumanName.NameUse use(String type) {
		return switch (type) {
			case "L", "" -> HumanName.NameUse.OFFICIAL;
			case "A", "N" -> HumanName.NameUse.NICKNAME;
			case "M", "B" -> HumanName.NameUse.MAIDEN;
			case "C" -> HumanName.NameUse.OLD;
			default -> HumanName.NameUse.USUAL;
		};
	}
}
