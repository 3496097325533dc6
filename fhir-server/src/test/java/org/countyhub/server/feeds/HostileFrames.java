package org.countyhub.server.feeds;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A corpus of MLLP frame contents as a broken, misconfigured or hostile sender produces them, generated from a fixed
 * seed (issue 20, findings 4 and 5): truncated messages, over-long header and PID fields, bytes that are not the
 * declared charset, wrong delimiters, binary noise, HTTP and TLS bytes, huge repetitions, blank and Chinese MSH-10,
 * duplicate control IDs and dates that are not dates, with a valid registration among them. No frame contains the
 * MLLP start or end bytes: each is one frame, answered by one ACK.
 */
final class HostileFrames {

	/** What a frame is and what answer it must get ({@code null}: any ACK). */
	record Frame(int number, String kind, byte[] bytes, String expectedAck) {}

	private static final String HTTP = "GET /fhir/metadata HTTP/1.1\r\nHost: hub\r\nAccept: */*\r\n\r\n";
	private static final String[] BLANK_IDS = {" ", "\t", "\u3000", "  \u3000 ", "\t \t"};
	private static final String[] BAD_DATES = {"1980XX15", "19801345", "1980-01-15", "0", "99999999999999999999",
		"明天", "19800230"};
	/** Not HL7's form but one date only: read as that date (the corpus run answered it AA), not refused. */
	private static final String READABLE_DATE = "1980-01-15";

	private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
	private static final String GIVEN_NAMES = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平";

	private final Random random;
	private final String run;
	private final List<Frame> frames = new ArrayList<>();

	private HostileFrames(long seed, String run) {
		this.random = new Random(seed);
		this.run = run;
	}

	/** {@code count} frames from {@code seed}; {@code run} keeps control IDs apart from other runs on one database. */
	static List<Frame> generate(long seed, String run, int count) {
		HostileFrames corpus = new HostileFrames(seed, run);
		for (int i = 0; i < count; i++) {
			corpus.frames.add(corpus.frame(i));
		}
		return corpus.frames;
	}

	private Frame frame(int n) {
		return switch (n % 12) {
			case 0 -> truncated(n);
			case 1 -> overLong(n);
			case 2 -> badEncoding(n);
			case 3 -> wrongDelimiters(n);
			case 4 -> new Frame(n, "binary", noise(random.nextInt(4_000)), "AR");
			case 5 -> otherProtocol(n);
			case 6 -> repeated(n);
			case 7 -> blankOrChineseControlId(n);
			case 8 -> duplicate(n);
			case 9 -> badDate(n);
			case 10 -> new Frame(n, "unknown unit", utf8(registration(n, "NOSUCH" + random.nextInt(100), id(n),
					"19800115")), "AE");
			default -> new Frame(n, "valid", utf8(registration(n, "XRMYY", id(n), "19800115")), "AA");
		};
	}

	private Frame truncated(int n) {
		String text = registration(n, "XRMYY", id(n), "19800115");
		int controlIdAt = text.indexOf(id(n));
		// cut before MSH-10 starts or after it ends, so no two truncations share a cut control ID
		int cut = random.nextBoolean() ? random.nextInt(controlIdAt) : controlIdAt + id(n).length()
				+ random.nextInt(text.length() - controlIdAt - id(n).length());
		return new Frame(n, "truncated at " + cut, utf8(text.substring(0, cut)), null);
	}

	private Frame overLong(int n) {
		String longText = letters(65 + random.nextInt(2_000));
		return switch (random.nextInt(4)) {
			case 0 -> new Frame(n, "MSH-4 over 64", utf8(registration(n, longText, id(n), "19800115")), null);
			case 1 -> new Frame(n, "MSH-10 over 200", utf8(registration(n, "XRMYY", id(n) + longText, "19800115")), null);
			case 2 -> new Frame(n, "MSH-9 over 20", utf8(registration(n, "XRMYY", id(n), "19800115")
					.replace("ADT^A04^ADT_A01", "ADT^" + longText)), null);
			default -> new Frame(n, "PID-5 of 100k", utf8(registration(n, "XRMYY", id(n), "19800115")
					.replace(name(n), letters(100_000) + "^刚")), null);
		};
	}

	private Frame badEncoding(int n) {
		String text = registration(n, "XRMYY", id(n), "19800115");
		return switch (random.nextInt(3)) {
			case 0 -> {
				byte[] bytes = utf8(text);
				int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("PID|");
				for (int k = 0; k < 8; k++) {
					bytes[at + 8 + random.nextInt(20)] = (byte) (0x80 + random.nextInt(0x7f));
				}
				yield new Frame(n, "invalid UTF-8", bytes, null);
			}
			case 1 -> new Frame(n, "GB 18030 declared, UTF-8 sent", utf8(text.replace("UNICODE UTF-8", "GB 18030-2000")),
					null);
			default -> new Frame(n, "unknown charset", utf8(text.replace("UNICODE UTF-8", "EBCDIC-" + random.nextInt(99))),
					null);
		};
	}

	private Frame wrongDelimiters(int n) {
		String text = registration(n, "XRMYY", id(n), "19800115");
		String kind;
		switch (random.nextInt(4)) {
			case 0 -> {
				kind = "field separator #";
				text = text.replace('|', '#');
			}
			case 1 -> {
				kind = "LF segments";
				text = text.replace('\r', '\n');
			}
			case 2 -> {
				kind = "CR LF segments";
				text = text.replace("\r", "\r\n");
			}
			default -> {
				kind = "no encoding characters";
				text = text.replace("MSH|^~\\&|", "MSH|");
			}
		}
		return new Frame(n, kind, utf8(text), null);
	}

	private Frame otherProtocol(int n) {
		if (random.nextBoolean()) {
			return new Frame(n, "HTTP request", utf8(HTTP), "AR");
		}
		// a TLS ClientHello's record header and the start of its body
		byte[] hello = noise(200 + random.nextInt(300));
		hello[0] = 0x16;
		hello[1] = 0x03;
		hello[2] = 0x01;
		return new Frame(n, "TLS ClientHello", hello, "AR");
	}

	private Frame repeated(int n) {
		int times = 500 + random.nextInt(4_500);
		StringBuilder ids = new StringBuilder("M").append(id(n)).append("^^^XRMYY^MR");
		for (int k = 0; k < times; k++) {
			ids.append("~R").append(k).append("^^^XRMYY^MR");
		}
		String text = registration(n, "XRMYY", id(n), "19800115").replace("M" + id(n) + "^^^XRMYY^MR", ids);
		return new Frame(n, times + " PID-3 repetitions", utf8(text), "AE");
	}

	private Frame blankOrChineseControlId(int n) {
		if (random.nextBoolean()) {
			String blank = BLANK_IDS[random.nextInt(BLANK_IDS.length)];
			return new Frame(n, "blank MSH-10", utf8(registration(n, "XRMYY", blank, "19800115")), "AR");
		}
		String chinese = "检验" + id(n);
		return new Frame(n, "Chinese MSH-10", registration(n, "XRMYY", chinese, "19800115")
				.replace("UNICODE UTF-8", "GB 18030-2000").getBytes(Charset.forName("GB18030")), "AA");
	}

	private Frame duplicate(int n) {
		if (n < 12) {
			return new Frame(n, "valid", utf8(registration(n, "XRMYY", id(n), "19800115")), "AA");
		}
		// the frame 9 before this one (number ≡ 11 mod 12) is a valid registration
		Frame valid = frames.get(n - 9);
		if (random.nextBoolean()) {
			return new Frame(n, "duplicate of frame " + valid.number(), valid.bytes(), "AA");
		}
		String other = registration(valid.number(), "XRMYY", id(valid.number()), "19800116");
		return new Frame(n, "other content under the control ID of frame " + valid.number(), utf8(other), "AE");
	}

	private Frame badDate(int n) {
		String date = BAD_DATES[random.nextInt(BAD_DATES.length)];
		if (random.nextBoolean()) {
			return new Frame(n, "PID-7 " + date, utf8(registration(n, "XRMYY", id(n), date)),
					READABLE_DATE.equals(date) ? null : "AE");
		}
		return new Frame(n, "EVN-2 " + date, utf8(registration(n, "XRMYY", id(n), "19800115")
				.replace("EVN|A04|20250301101500", "EVN|A04|" + date)), null);
	}

	/** An ADT^A04 registration of unit {@code unit}, control ID {@code controlId}, born {@code birth}. */
	private String registration(int n, String unit, String controlId, String birth) {
		return "MSH|^~\\&|HIS|" + unit + "|COUNTYHUB|SFXYGT|20250301101500||ADT^A04^ADT_A01|" + controlId
				+ "|P|2.5.1||||||UNICODE UTF-8\r"
				+ "EVN|A04|20250301101500\r"
				+ "PID|1||M" + id(n) + "^^^XRMYY^MR||" + name(n) + "||" + birth + "|M\r"
				+ "PV1|1|O|内科^^^XRMYY||||||||||||||||V" + id(n) + "\r";
	}

	/**
	 * One of 400 names by frame number: people of one birth day and sex are many in a corpus, namesakes among them
	 * few, as in a registry (a corpus of one name made every registration a candidate of every other).
	 */
	private static String name(int n) {
		return SURNAMES.charAt(n % SURNAMES.length()) + "^" + GIVEN_NAMES.charAt(n / SURNAMES.length() % GIVEN_NAMES.length());
	}

	private String id(int n) {
		return "HF" + run + "-" + n;
	}

	private String letters(int length) {
		char[] chars = new char[length];
		for (int k = 0; k < length; k++) {
			chars[k] = (char) ('A' + random.nextInt(26));
		}
		return new String(chars);
	}

	/** Random bytes without the MLLP start (VT) and end (FS) bytes. */
	private byte[] noise(int length) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(length);
		while (out.size() < length) {
			int b = random.nextInt(256);
			if (b != 0x0b && b != 0x1c) {
				out.write(b);
			}
		}
		return out.toByteArray();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}
