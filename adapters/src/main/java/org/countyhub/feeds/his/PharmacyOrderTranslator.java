package org.countyhub.feeds.his;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;

/**
 * Pharmacy orders (RDE^O11 encoded orders, OMP^O09 orders, v2.4/2.5 as HIS send them) to MedicationRequest, one per
 * ORC with its RXE (or RXO), TQ1 and RXR, matched on the placer order number (ORC-2). One prescription is the
 * orders sharing ORC-4 (placer group number, 处方号), kept as groupIdentifier. The drug is RXE-2 give code (RXO-1
 * requested give code), mapped through the unit's drug code table to the community formulary; the dose RXE-3 with
 * units RXE-5 (RXO-2/RXO-4), the frequency TQ1-3 (else RXE-1/RXO-... quantity/timing interval, v2.4), the route RXR-1,
 * the quantity to dispense RXE-10/RXE-11. ORC-1 CA/DC/OC cancels or stops the order. The patient's AL1 allergies are
 * kept as with every HIS message. The ordering unit (MSH-4) is the requester, the doctor (ORC-12) its display.
 */
public final class PharmacyOrderTranslator {

	private static final String GTS_ABBREVIATION = "http://terminology.hl7.org/CodeSystem/v3-GTSAbbreviation";
	/** The codes of HL7's GTSAbbreviation code system (R4). */
	private static final java.util.Set<String> GTS_ABBREVIATIONS = java.util.Set.of("AM", "BED", "BID", "PM", "Q1H",
			"Q2H", "Q3H", "Q4H", "Q6H", "Q8H", "QD", "QID", "QOD", "TID", "WK", "MO");

	public Bundle translate(FeedContext ctx) {
		Segment pid = ctx.message().first("PID").orElseThrow(() -> FeedException.noPatient(ctx.message().type()));
		TransactionBuilder tx = new TransactionBuilder(ctx.source());
		PatientTranslator.Translated patient = PatientTranslator.translate(pid, ctx);
		Reference subject = tx.createIfAbsent(patient.patient(), patient.key());
		Reference encounter = ctx.visit();
		// allergies first: the orders' screening in the same transaction sees what this message says
		AllergyTranslator.translate(ctx, tx, subject, encounter, patient.key());
		DiagnosisTranslator.translate(ctx, tx, subject, encounter, patient.key());
		List<Order> orders = orders(ctx.message().segments());
		if (orders.isEmpty()) {
			throw FeedException.missing(2040, ctx.message().type() + " has no ORC with an RXE or RXO segment");
		}
		for (Order order : orders) {
			request(order, ctx, subject, encounter, tx);
		}
		return tx.build();
	}

	/** One ORC and the pharmacy segments after it. */
	private static final class Order {
		final Segment orc;
		String unitCode;
		Segment rxo;
		Segment rxe;
		Segment tq1;
		Segment rxr;

		Order(Segment orc) {
			this.orc = orc;
		}
	}

	private static List<Order> orders(List<Segment> segments) {
		List<Order> orders = new ArrayList<>();
		Order current = null;
		for (Segment s : segments) {
			switch (s.name()) {
				case "ORC" -> {
					current = new Order(s);
					orders.add(current);
				}
				case "RXO" -> {
					if (current != null && current.rxo == null) {
						current.rxo = s;
					}
				}
				case "RXE" -> {
					if (current != null && current.rxe == null) {
						current.rxe = s;
					}
				}
				case "TQ1" -> {
					if (current != null && current.tq1 == null) {
						current.tq1 = s;
					}
				}
				case "RXR" -> {
					if (current != null && current.rxr == null) {
						current.rxr = s;
					}
				}
				default -> { }
			}
		}
		return orders.stream().filter(o -> o.rxe != null || o.rxo != null).toList();
	}

	private static void request(Order order, FeedContext ctx, Reference subject, Reference encounter,
			TransactionBuilder tx) {
		Segment orc = order.orc;
		order.unitCode = ctx.unit().code();
		String placer = orc.value(2);
		if (placer.isEmpty()) {
			throw FeedException.missing(2041, "pharmacy order without a placer order number (ORC-2)");
		}
		MedicationRequest request = new MedicationRequest();
		Identifier key = Identifiers.of(ctx.system("prescription-order"), placer, "PLAC");
		request.addIdentifier(key);
		FeedUpdate update = ctx.update(key);
		String group = orc.value(4);
		request.setGroupIdentifier(Identifiers.of(ctx.system("prescription"), group.isEmpty() ? placer : group, null));
		request.setIntent(MedicationRequest.MedicationRequestIntent.ORDER);
		request.setStatus(status(orc.value(1)));
		request.setSubject(subject);
		if (encounter != null) {
			request.setEncounter(encounter);
		}
		var authored = Hl7Times.dateTime(orc.value(9));
		if (authored != null) {
			request.setAuthoredOnElement(authored);
		}
		Reference unit = new Reference(ctx.unit().reference());
		Field doctor = orc.field(12);
		if (!doctor.isEmpty()) {
			String name = (doctor.component(2) + doctor.component(3)).trim();
			unit.setDisplay(name.isEmpty() ? doctor.component(1) : name);
		} else {
			update.fillOnly("requester");
		}
		request.setRequester(unit);

		Field drug = order.rxe != null ? order.rxe.field(2) : order.rxo.field(1);
		if (drug.isEmpty()) {
			throw FeedException.missing(2042, "pharmacy order " + placer + " names no drug (RXE-2 / RXO-1)");
		}
		request.setMedication(Concepts.of(drug, HubSystems.unitCodeSystem(ctx.unit().code(), "drug"),
				ctx.unit().tables().drugCodes()));
		request.addDosageInstruction(dosage(order));
		if (order.rxe != null && !order.rxe.value(10).isEmpty()) {
			Quantity quantity = quantity(order.rxe.value(10), order.rxe.field(11));
			if (quantity != null) {
				request.getDispenseRequest().setQuantity(quantity);
			}
		}
		tx.update(request, update);
	}

	private static Dosage dosage(Order order) {
		Dosage dosage = new Dosage();
		String amount = order.rxe != null ? order.rxe.value(3) : order.rxo.value(2);
		Field units = order.rxe != null ? order.rxe.field(5) : order.rxo.field(4);
		Quantity dose = quantity(amount, units);
		if (dose != null) {
			dosage.addDoseAndRate().setDose(dose);
		}
		String frequency = order.tq1 != null ? order.tq1.field(3).component(1)
				: order.rxe != null ? order.rxe.field(1).sub(2, 1) : "";
		if (!frequency.isEmpty()) {
			String code = frequency.toUpperCase(Locale.ROOT);
			// HL7's timing abbreviations where the code is one (QN, Q12H are not); the unit's own code otherwise
			String system = GTS_ABBREVIATIONS.contains(code) ? GTS_ABBREVIATION
					: HubSystems.unitCodeSystem(order.unitCode, "frequency");
			dosage.getTiming().setCode(new CodeableConcept(new Coding(system, code, null)));
		}
		if (order.rxr != null && !order.rxr.field(1).isEmpty()) {
			Field route = order.rxr.field(1);
			dosage.setRoute(new CodeableConcept().setText(route.component(2).isEmpty() ? route.component(1)
					: route.component(2)));
		}
		String text = dose == null ? "" : dose.getValue().toPlainString() + dose.getUnit();
		if (!frequency.isEmpty()) {
			text = (text + " " + frequency).trim();
		}
		if (!text.isEmpty()) {
			dosage.setText(text);
		}
		return dosage;
	}

	private static Quantity quantity(String amount, Field units) {
		if (amount.isEmpty()) {
			return null;
		}
		BigDecimal value;
		try {
			value = new BigDecimal(amount.trim());
		} catch (NumberFormatException e) {
			return null;
		}
		Quantity quantity = new Quantity().setValue(value);
		String code = units.component(1).trim();
		String name = units.component(2).trim();
		if (!code.isEmpty()) {
			quantity.setUnit(name.isEmpty() ? code : name);
			String ucum = switch (code.toLowerCase(Locale.ROOT)) {
				case "mg" -> "mg";
				case "g" -> "g";
				case "ug", "mcg", "µg", "μg" -> "ug";
				case "ml" -> "mL";
				case "l" -> "L";
				default -> null;
			};
			if (ucum != null) {
				quantity.setSystem(HubSystems.UCUM).setCode(ucum);
			}
		}
		return quantity;
	}

	/** ORC-1 order control (HL7 table 0119). */
	private static MedicationRequest.MedicationRequestStatus status(String control) {
		return switch (control) {
			case "CA", "OC", "CR" -> MedicationRequest.MedicationRequestStatus.CANCELLED;
			case "DC", "OD", "DR" -> MedicationRequest.MedicationRequestStatus.STOPPED;
			case "HD", "OH" -> MedicationRequest.MedicationRequestStatus.ONHOLD;
			default -> MedicationRequest.MedicationRequestStatus.ACTIVE;
		};
	}
}
