package org.countyhub.feeds.his;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.countyhub.feeds.fhir.Concepts;
import org.countyhub.feeds.fhir.FeedContext;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.feeds.fhir.Hl7Times;
import org.countyhub.feeds.fhir.Identifiers;
import org.countyhub.feeds.fhir.PatientTranslator;
import org.countyhub.feeds.fhir.TransactionBuilder;
import org.countyhub.feeds.hl7.Field;
import org.countyhub.feeds.hl7.Segment;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Orders (ORM^O01, OMG^O19, OML^O21) to ServiceRequest, one per ORC/OBR pair, matched on the placer order
 * number (ORC-2 or OBR-2; the filler number when there is none). ORC-1/ORC-5 give the status, so a cancel
 * (CA) or discontinue (DC) message revokes the same request. An update keeps what the message leaves out (v2 null
 * semantics, {@link FeedUpdate}): a cancel that carries only its ORC keeps the item, the modality, the accession
 * number and the ordering doctor.
 */
public final class OrderTranslator {

	/** DICOM acquisition modalities (CID 29) an order's OBR-24 may name. */
	private static final Set<String> DICOM_MODALITIES =
			Set.of("CR", "CT", "DX", "ECG", "ES", "IO", "MG", "MR", "NM", "OT", "PT", "RF", "US", "XA");

	public Bundle translate(FeedContext ctx) {
		Segment pid = ctx.message().first("PID")
				.orElseThrow(() -> FeedException.noPatient(ctx.message().type()));
		TransactionBuilder tx = new TransactionBuilder(ctx.source());
		PatientTranslator.Translated patient = PatientTranslator.translate(pid, ctx);
		Reference subject = tx.createIfAbsent(patient.patient(), patient.key());
		Reference encounter = ctx.visit();
		List<Segment[]> orders = orders(ctx.message().segments());
		if (orders.isEmpty()) {
			throw FeedException.missing(2015, ctx.message().type() + " has no ORC or OBR segment");
		}
		for (Segment[] order : orders) {
			request(order[0], order[1], order[2], ctx, subject, encounter, tx);
		}
		// an order's DG1 (its reason) and AL1 say what the patient has, wherever the order goes
		DiagnosisTranslator.translate(ctx, tx, subject, encounter, patient.key());
		AllergyTranslator.translate(ctx, tx, subject, encounter, patient.key());
		return tx.build();
	}

	/** ORC, OBR and the NTE after the OBR of each order, in message order; ORC or OBR may be absent (null). */
	private static List<Segment[]> orders(List<Segment> segments) {
		List<Segment[]> orders = new ArrayList<>();
		Segment[] current = null;
		for (Segment s : segments) {
			switch (s.name()) {
				case "ORC" -> {
					current = new Segment[] {s, null, null};
					orders.add(current);
				}
				case "OBR" -> {
					if (current == null || current[1] != null) {
						current = new Segment[] {null, s, null};
						orders.add(current);
					} else {
						current[1] = s;
					}
				}
				case "NTE" -> {
					if (current != null && current[1] != null && current[2] == null) {
						current[2] = s;
					}
				}
				default -> { }
			}
		}
		return orders;
	}

	private static void request(Segment orc, Segment obr, Segment nte, FeedContext ctx, Reference subject,
			Reference encounter, TransactionBuilder tx) {
		String placer = first(orc == null ? "" : orc.value(2), obr == null ? "" : obr.value(2));
		String filler = first(orc == null ? "" : orc.value(3), obr == null ? "" : obr.value(3));
		if (placer.isEmpty() && filler.isEmpty()) {
			throw FeedException.missing(2016, "order without a placer (ORC-2/OBR-2) or filler (ORC-3/OBR-3) number");
		}
		ServiceRequest request = new ServiceRequest();
		Identifier key = null;
		if (!placer.isEmpty()) {
			key = Identifiers.of(ctx.system("placer-order"), placer, "PLAC");
			request.addIdentifier(key);
		}
		if (!filler.isEmpty()) {
			Identifier fillerId = Identifiers.of(ctx.system("filler-order"), filler, "FILL");
			request.addIdentifier(fillerId);
			if (key == null) {
				key = fillerId;
			}
		}
		FeedUpdate update = ctx.update(key);
		request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
		request.setStatus(status(orc == null ? "NW" : orc.value(1), orc == null ? "" : orc.value(5)));
		if (orc == null) {
			// an OBR without its ORC says nothing of the order's state: "active" only fills a new order
			update.fillOnly("status");
		}
		request.setSubject(subject);
		if (encounter != null) {
			request.setEncounter(encounter);
		}
		if (obr != null) {
			request.setCode(Concepts.of(obr.field(4), ctx.localCodes(), ctx.unit().tables().itemCodes()));
			if (obr.value(5).equals("S") || obr.value(27, 6).equals("S")) {
				request.setPriority(ServiceRequest.ServiceRequestPriority.STAT);
			} else if (obr.isNull(5)) {
				update.erase("priority");
			}
		} else {
			// a status message (ORC only, e.g. a cancel) does not name the item: a placeholder for a new order,
			// never over the stored item and what routing read from it
			request.getCode().setText("order " + placer);
			update.fillOnly("code");
		}
		var authored = Hl7Times.dateTime(orc != null && !orc.value(9).isEmpty() ? orc.value(9)
				: obr == null ? "" : obr.value(6));
		if (authored != null) {
			request.setAuthoredOnElement(authored);
		}
		// the ordering unit (MSH-4) is the requester, which remote-reading routing and the guide's request profiles
		// need; the ordering doctor (ORC-12/OBR-16) is kept as its display (the hub keeps no Practitioner directory)
		Reference orderingUnit = new Reference(ctx.unit().reference());
		Field requester = orc != null && !orc.field(12).isEmpty() ? orc.field(12) : obr == null ? null : obr.field(16);
		if (requester != null && !requester.isEmpty()) {
			String name = (requester.component(2) + requester.component(3)).trim();
			orderingUnit.setDisplay(name.isEmpty() ? requester.component(1) : name);
		} else {
			// the unit alone: keep the ordering doctor an earlier message named
			update.fillOnly("requester");
		}
		request.setRequester(orderingUnit);
		if (obr != null) {
			imaging(obr, ctx, request);
		}
		if (nte != null && !nte.field(3).isEmpty()) {
			request.addNote().setText(nte.field(3).text());
		} else if (nte != null && nte.isNull(3)) {
			update.erase("note");
		}
		request.addPerformer(new Reference(ctx.unit().reference()));
		tx.update(request, update);
	}

	/**
	 * An imaging or ECG order (IHE scheduled workflow): OBR-24 carries the DICOM modality, kept as an orderDetail
	 * coding (DICOM DCM) so that remote-reading routing finds it, and OBR-18 the accession number (检查号) the
	 * unit's PACS will put in the study, kept as an identifier under the unit's accession system so that the
	 * study is linked to this order. HL7 table 0074's EC (electrocardiac) is DICOM's ECG.
	 */
	private static void imaging(Segment obr, FeedContext ctx, ServiceRequest request) {
		String section = obr.value(24).trim().toUpperCase(Locale.ROOT);
		String modality = "EC".equals(section) ? "ECG" : section;
		if (!DICOM_MODALITIES.contains(modality)) {
			return;
		}
		request.addOrderDetail(new CodeableConcept(new Coding(HubSystems.DICOM_DCM, modality, null)));
		String accession = obr.value(18).trim();
		if (!accession.isEmpty()) {
			request.addIdentifier(Identifiers.of(HubSystems.unitAccession(ctx.unit().code()), accession, "ACSN"));
		}
	}

	/** ORC-1 order control and ORC-5 order status (HL7 tables 0119, 0038). */
	private static ServiceRequest.ServiceRequestStatus status(String control, String orderStatus) {
		switch (control) {
			case "CA", "OC", "CR", "DC", "OD", "DR" -> {
				return ServiceRequest.ServiceRequestStatus.REVOKED;
			}
			case "HD", "OH" -> {
				return ServiceRequest.ServiceRequestStatus.ONHOLD;
			}
			default -> { }
		}
		return switch (orderStatus) {
			case "CM" -> ServiceRequest.ServiceRequestStatus.COMPLETED;
			case "CA", "DC" -> ServiceRequest.ServiceRequestStatus.REVOKED;
			case "HD" -> ServiceRequest.ServiceRequestStatus.ONHOLD;
			default -> ServiceRequest.ServiceRequestStatus.ACTIVE;
		};
	}

	private static String first(String a, String b) {
		return a.isEmpty() ? b : a;
	}
}
