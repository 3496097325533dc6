package org.countyhub.server.identity;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * 居民身份证号 (GB 11643): 17 digits and an ISO 7064 MOD 11-2 check character (0-9 or X). A number whose check
 * character is wrong was mistyped somewhere; it must never make two people one.
 */
public final class ResidentIdCard {

	private static final Pattern SHAPE = Pattern.compile("[0-9]{17}[0-9Xx]");
	private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

	private ResidentIdCard() {}

	public static boolean isValid(String number) {
		if (number == null || !SHAPE.matcher(number).matches()) {
			return false;
		}
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (number.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK[sum % 11] == Character.toUpperCase(number.charAt(17));
	}

	/** The canonical form (upper-case X) used for comparing. */
	static String normalise(String number) {
		return number.toUpperCase();
	}

	static boolean isIdCard(Identifier identifier) {
		return HubSystems.RESIDENT_ID_CARD.equals(identifier.getSystem()) && identifier.hasValue();
	}

	/** The Patient's ID card numbers that pass the check, normalised. */
	static Set<String> validNumbers(IBaseResource resource) {
		Set<String> result = new TreeSet<>();
		if (resource instanceof Patient patient) {
			for (Identifier identifier : patient.getIdentifier()) {
				if (isIdCard(identifier) && isValid(identifier.getValue().trim())) {
					result.add(normalise(identifier.getValue().trim()));
				}
			}
		}
		return result;
	}

	static boolean hasInvalidNumber(Patient patient) {
		return patient.getIdentifier().stream()
				.anyMatch(identifier -> isIdCard(identifier) && !isValid(identifier.getValue().trim()));
	}
}
