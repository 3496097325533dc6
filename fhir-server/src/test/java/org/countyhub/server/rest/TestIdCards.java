package org.countyhub.server.rest;

import java.util.concurrent.atomic.AtomicLong;

/** Unique, valid 18-digit resident ID card numbers (ISO 7064 MOD 11-2 check digit) for tests. */
public final class TestIdCards {

	private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	private static final char[] CHECK = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
	private static final AtomicLong SEQUENCE = new AtomicLong(System.nanoTime() % 1000);

	private TestIdCards() {}

	public static String next() {
		long n = SEQUENCE.incrementAndGet();
		// 330122 (a county in Zhejiang) + birth date 1950-2000 + a 3-digit sequence
		int year = 1950 + (int) (n / 1000 % 50);
		String body = String.format("330122%04d%02d%02d%03d", year, 1 + n % 12, 1 + n % 28, n % 1000);
		return body + checkDigit(body);
	}

	static char checkDigit(String first17) {
		int sum = 0;
		for (int i = 0; i < 17; i++) {
			sum += (first17.charAt(i) - '0') * WEIGHTS[i];
		}
		return CHECK[sum % 11];
	}
}
