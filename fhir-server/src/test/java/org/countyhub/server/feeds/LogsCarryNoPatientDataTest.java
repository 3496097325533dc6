package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 20 finding 7 and the developers' guide: a name, an ID card number and a phone number sent through MLLP
 * (accepted and refused) and REST (stored, searched, refused by Tomcat) appear in no log line at INFO or above.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogsCarryNoPatientDataTest extends HubServerTest {

	@Test
	void nameIdCardAndPhoneAppearInNoLogLineAtInfoOrAbove(CapturedOutput output) throws IOException {
		String card = idCard();
		String phone = "139" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
		String family = "欧阳";
		String given = "泄" + (char) ('甲' + ThreadLocalRandom.current().nextInt(20)) + "漏";
		String mrn = unique("M");

		String accepted = adt("A04", "XRMYY", unique("C"), mrn, card, family + "^" + given, unique("V"), "UNICODE UTF-8")
				.replace("13800138000", phone);
		String refused = adt("A04", "XRMYY", unique("C"), mrn, card, family + "^" + given, unique("V"), "UNICODE UTF-8")
				.replace("13800138000", phone).replace("||19800115|", "||1980XX15|");
		try (MllpClient sender = new MllpClient(mllpPort())) {
			assertThat(sender.send(accepted).code()).isEqualTo("AA");
			assertThat(sender.send(refused).code()).isEqualTo("AE");
		}
		String bodyWithoutIdentifier = "{\"resourceType\":\"Patient\",\"name\":[{\"text\":\"" + family + given
				+ "\"}],\"telecom\":[{\"system\":\"phone\",\"value\":\"" + phone + "\"}]}";
		http("POST /fhir/Patient HTTP/1.1\r\n" + hostAndToken() + "Content-Type: application/fhir+json\r\n"
				+ "Content-Length: " + bodyWithoutIdentifier.getBytes(StandardCharsets.UTF_8).length
				+ "\r\nConnection: close\r\n\r\n" + bodyWithoutIdentifier);
		http("GET /fhir/Patient?identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + card
				+ " HTTP/1.1\r\n" + hostAndToken() + "Connection: close\r\n\r\n");
		http("GET /fhir/Patient?identifier=" + card + "<&phone=" + phone
				+ " HTTP/1.1\r\n" + hostAndToken() + "Connection: close\r\n\r\n");
		http("GET /fhir/Patient?_offset=-5&identifier=" + card + " HTTP/1.1\r\n" + hostAndToken() + "Connection: close\r\n\r\n");

		// the hub logs at INFO and above (root level INFO), so everything printed counts, stack trace lines included
		List<String> leaks = output.getAll().lines()
				.filter(line -> line.contains(card) || line.contains(phone) || line.contains(given) || line.contains(mrn))
				.toList();
		assertThat(leaks).isEmpty();
	}

	/** Sends the request and checks that it got past sign-in: a 401 or 403 would test nothing of the FHIR layer. */
	private void http(String request) throws IOException {
		assertThat(RawHttp.exchange(port, request).status()).isNotIn(401, 403);
	}
}
