package org.countyhub.feeds.fhir;

import org.countyhub.feeds.hl7.Hl7Message;
import org.countyhub.feeds.unit.FeedUnit;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Reference;

/** One message being translated: its parsed segments and the unit that sent it. */
public record FeedContext(Hl7Message message, FeedUnit unit) {

	/**
	 * {@code meta.source} of everything written from this message: {@code <feed base><unit>/<MSH-10>}. (Not
	 * {@code #MSH-10}: the JPA server replaces the part after '#' with its own request id.)
	 */
	public String source() {
		return HubSystems.FEED_SOURCE + unit.code() + "/" + ca.uhn.fhir.util.UrlUtil.escapeUrlParam(message.controlId());
	}

	/** One of the unit's derived identifier systems (visit, placer-order, filler-order, observation, specimen). */
	public String system(String kind) {
		return HubSystems.unitIdentifierSystem(unit.code(), kind);
	}

	/**
	 * The visit (PV1-19 visit number) the message belongs to, as a logical reference to the unit's Encounter;
	 * null when the message names none.
	 */
	public Reference visit() {
		return message.first("PV1")
				.filter(pv1 -> !pv1.value(19).isEmpty())
				.map(pv1 -> new Reference().setType("Encounter")
						.setIdentifier(Identifiers.of(system("visit"), pv1.value(19), "VN")))
				.orElse(null);
	}

	/**
	 * When the event happened as the sender says: EVN-2 (recorded date/time), else MSH-7; null when neither is a
	 * time. Used to tell a late message from a new one.
	 */
	public java.time.Instant messageTime() {
		var recorded = message.first("EVN").map(evn -> Hl7Times.dateTime(evn.value(2))).orElse(null);
		var time = recorded != null ? recorded : Hl7Times.dateTime(message.msh().value(7));
		return time == null ? null : time.getValue().toInstant();
	}

	/** What a message updating a record the hub holds says beyond its values (see {@link FeedUpdate}). */
	public FeedUpdate update(org.hl7.fhir.r4.model.Identifier key) {
		return new FeedUpdate(key, messageTime(), unit.feed().clockSkewTolerance());
	}

	public String localCodes() {
		return unit.feed().localCodeSystem();
	}
}
