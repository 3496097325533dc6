package org.countyhub.feeds.intake;

import java.util.Map;
import java.util.Set;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.unit.FeedUnit;

/**
 * The feeds the hub accepts, each a route of its own ({@code direct:<endpoint>}). Chosen from MSH-9; results
 * (ORU^R01) go to the lab, imaging or ECG feed by the unit's declared sending applications (MSH-3), else by
 * OBR-24 (diagnostic service section), else by the presence of a ZDS segment.
 */
public enum FeedKind {
	ADT("his-adt"),
	ORDER("his-orders"),
	PHARMACY("his-pharmacy-orders"),
	LAB("lis-results"),
	IMAGING("pacs-reports"),
	ECG("ecg-reports");

	private static final Set<String> ADT_EVENTS = Set.of("A01", "A03", "A04", "A08", "A11", "A13", "A28", "A31", "A40");
	private static final Set<String> ORDER_TYPES = Set.of("ORM^O01", "OMG^O19", "OML^O21");
	private static final Set<String> PHARMACY_TYPES = Set.of("RDE^O11", "OMP^O09");
	/** HL7 table 0074 sections that are imaging or cardiology. */
	private static final Map<String, FeedKind> SECTIONS = Map.ofEntries(
			Map.entry("RAD", IMAGING), Map.entry("CT", IMAGING), Map.entry("MR", IMAGING), Map.entry("US", IMAGING),
			Map.entry("NMR", IMAGING), Map.entry("NMS", IMAGING), Map.entry("XRC", IMAGING), Map.entry("CUS", IMAGING),
			Map.entry("RX", IMAGING), Map.entry("OUS", IMAGING), Map.entry("VUS", IMAGING), Map.entry("DX", IMAGING),
			Map.entry("EC", ECG), Map.entry("CG", ECG));

	private final String endpoint;

	FeedKind(String endpoint) {
		this.endpoint = endpoint;
	}

	/** The Camel endpoint of the feed's route. */
	public String endpoint() {
		return "direct:" + endpoint;
	}

	public static FeedKind of(Hl7Message message, FeedUnit unit) {
		String type = message.msh().value(9, 1);
		String event = message.msh().value(9, 2);
		if (type.equals("ADT") && ADT_EVENTS.contains(event)) {
			return ADT;
		}
		if (ORDER_TYPES.contains(type + "^" + event)) {
			return ORDER;
		}
		if (PHARMACY_TYPES.contains(type + "^" + event)) {
			return PHARMACY;
		}
		if (type.equals("ORU") && event.equals("R01")) {
			String feed = unit.feed().applications().get(message.msh().value(3));
			if (feed != null) {
				return switch (feed) {
					case "imaging" -> IMAGING;
					case "ecg" -> ECG;
					default -> LAB;
				};
			}
			FeedKind bySection = message.first("OBR").map(obr -> SECTIONS.get(obr.value(24))).orElse(null);
			if (bySection != null) {
				return bySection;
			}
			return message.first("ZDS").isPresent() ? IMAGING : LAB;
		}
		throw new FeedException(FeedException.Ack.AR, 2002, "200",
				"message type " + type + "^" + event + " is not supported (ADT A01/A03/A04/A08/A11/A13/A28/A31/A40, "
						+ "ORM^O01, OMG^O19, OML^O21, RDE^O11, OMP^O09, ORU^R01)");
	}
}
