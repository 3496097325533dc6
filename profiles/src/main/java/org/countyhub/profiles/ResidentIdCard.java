package org.countyhub.profiles;

import java.util.regex.Pattern;

/**
 * The 18-character resident ID card number (居民身份证号, GB 11643-1999): 6-digit address code, 8-digit birth
 * date, 3-digit sequence and an ISO 7064 MOD 11-2 check character (a digit or X). The guide's invariant only
 * checks the shape; the check character needs arithmetic that FHIRPath cannot do, so the server checks it here.
 */
public final class ResidentIdCard {

	private static final Pattern SHAPE = Pattern.compile("[0-9]{17}[0-9X]");
	private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

	private ResidentIdCard() {}

	/** 17 digits and a check character that is a digit or a capital X. */
	public static boolean hasValidShape(String number) {
		return number != null && SHAPE.matcher(number).matches();
	}

	/** The check character the first 17 digits call for. */
	public static char checkCharacter(String first17Digits) {
		if (first17Digits == null || first17Digits.length() != 17 || !first17Digits.chars().allMatch(Character::isDigit)) {
			throw new IllegalArgumentException("expected 17 digits");
		}
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17Digits.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK[sum % 11];
	}

	/** Right shape and the right check character. */
	public static boolean isValid(String number) {
		return hasValidShape(number) && checkCharacter(number.substring(0, 17)) == number.charAt(17);
	}
}
