package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.countyhub.server.feeds.FeedMessages.adt;
import static org.countyhub.server.feeds.FeedMessages.idCard;
import static org.countyhub.server.feeds.FeedMessages.unique;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.Optional;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Feeds are bound to units by where they come from: the demo county binds its units to the loopback addresses, so
 * the same message sent over a real MLLP socket to this machine's network address is refused with AR, kept in the
 * journal with the reason and counted, and stores nothing; from loopback it is applied.
 */
class FeedSourceBindingTest extends HubServerTest {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void aMessageFromAnAddressItsUnitIsNotBoundToIsRefusedKeptAndCounted() throws Exception {
		InetAddress outside = networkAddress().orElse(null);
		Assumptions.assumeTrue(outside != null, "this machine has no non-loopback address to send from");
		double refusedBefore = refusedCount("WSY01");
		String control = unique("C");
		String mrn = unique("M");
		String message = adt("A04", "WSY01", control, mrn, idCard(), "绑^定", unique("V"), "UNICODE UTF-8");

		MllpClient.Ack refused;
		try (MllpClient unbound = new MllpClient(outside.getHostAddress(), mllpPort())) {
			refused = unbound.send(message);
		}
		assertThat(refused.code()).as(refused.text()).isEqualTo("AR");
		assertThat(refused.reason()).startsWith("HUB-2210: ").contains("WSY01").contains(outside.getHostAddress());
		assertThat(refused.err()).isNotNull();

		JsonNode entry = journalEntry(control);
		assertThat(entry.get("status").asText()).isEqualTo("FAILED");
		assertThat(entry.get("ackCode").asText()).isEqualTo("AR");
		assertThat(entry.get("error").asText()).startsWith("HUB-2210: ");
		assertThat(refusedCount("WSY01")).isEqualTo(refusedBefore + 1);
		assertThat(patientsWithMrn(mrn)).as("nothing stored").isZero();

		try (MllpClient loopback = new MllpClient(mllpPort())) {
			MllpClient.Ack accepted = loopback.send(message);
			assertThat(accepted.code()).as(accepted.text()).isEqualTo("AA");
		}
		assertThat(patientsWithMrn(mrn)).isEqualTo(1);
	}

	/** This machine's first IPv4 address that is neither loopback nor link-local. */
	private static Optional<InetAddress> networkAddress() throws Exception {
		for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			if (!nic.isUp() || nic.isLoopback()) {
				continue;
			}
			for (InetAddress address : Collections.list(nic.getInetAddresses())) {
				if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
					return Optional.of(address);
				}
			}
		}
		return Optional.empty();
	}

	private JsonNode journalEntry(String control) throws Exception {
		JsonNode list = JSON.readTree(get("/admin/feeds/messages?status=FAILED&limit=1000", bearerAs(Roles.OPERATOR)));
		for (JsonNode entry : list) {
			if (control.equals(entry.get("controlId").asText())) {
				return entry;
			}
		}
		throw new AssertionError("no FAILED journal entry for " + control + " in " + list);
	}

	private double refusedCount(String unit) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl()
						+ "/actuator/metrics/" + FeedSources.REFUSED_METRIC + "?tag=unit:" + unit))
				.header("Authorization", bearerAs(Roles.SYSTEM_ADMIN)).build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 404) {
			return 0;
		}
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return JSON.readTree(response.body()).get("measurements").get(0).get("value").asDouble();
	}

	private int patientsWithMrn(String mrn) throws Exception {
		String bundle = get("/fhir/Patient?_summary=count&identifier=" + mrn, bearer());
		return JSON.readTree(bundle).get("total").asInt();
	}

	private String get(String path, String authorization) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
				.header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return response.body();
	}
}
