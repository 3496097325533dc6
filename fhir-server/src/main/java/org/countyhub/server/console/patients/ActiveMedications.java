package org.countyhub.server.console.patients;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.gclient.ReferenceClientParam;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Quantity;
import org.springframework.stereotype.Component;

/**
 * 在用药物 of the 360 view's summary column: the person's active and held (待审方) prescriptions at every unit,
 * newest first, read through the hub's API ({@code patient:mdm}) as the signed-in person, so the 调阅 rules apply.
 */
@OnEmbeddedSignIn
@Component
class ActiveMedications {

	/** One prescription line as a doctor reads it. */
	record Line(String drug, String dose, String unit, String state, String since) {}

	private static final int MOST = 20;

	private final ChineseFormats formats;
	private final UnitLabels units;

	ActiveMedications(ChineseFormats formats, UnitLabels units) {
		this.formats = formats;
		this.units = units;
	}

	List<Line> of(IGenericClient fhir, String patientId) {
		Bundle found = fhir.search().forResource(MedicationRequest.class)
				.where(new ReferenceClientParam("patient:mdm").hasId("Patient/" + patientId))
				.and(MedicationRequest.STATUS.exactly().codes("active", "on-hold"))
				.and(MedicationRequest.INTENT.exactly().code("order"))
				.sort().descending(MedicationRequest.AUTHOREDON)
				.count(MOST)
				.returnBundle(Bundle.class).execute();
		List<Line> lines = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : found.getEntry()) {
			if (entry.getResource() instanceof MedicationRequest order) {
				String unit = "Organization".equals(order.getRequester().getReferenceElement().getResourceType())
						? units.name(order.getRequester().getReferenceElement().getIdPart(), fhir)
						: order.getRequester().getDisplay();
				lines.add(new Line(order.hasMedicationCodeableConcept()
						? ResultLabels.item(order.getMedicationCodeableConcept()) : "",
						dose(order), unit == null ? "" : unit,
						order.getStatus() == MedicationRequest.MedicationRequestStatus.ONHOLD ? "待审方" : "在用",
						formats.day(order.getAuthoredOnElement())));
			}
		}
		return lines;
	}

	/** 20 mg QN: the dose and the frequency code as HIS write them; the instruction text if that is all there is. */
	private static String dose(MedicationRequest order) {
		if (!order.hasDosageInstruction()) {
			return "";
		}
		Dosage dosage = order.getDosageInstructionFirstRep();
		StringBuilder text = new StringBuilder();
		if (dosage.hasDoseAndRate() && dosage.getDoseAndRateFirstRep().hasDoseQuantity()) {
			Quantity dose = dosage.getDoseAndRateFirstRep().getDoseQuantity();
			BigDecimal value = dose.getValue();
			text.append(value == null ? "" : value.stripTrailingZeros().toPlainString())
					.append(dose.hasUnit() ? " " + dose.getUnit() : "");
		}
		if (dosage.getTiming().hasCode()) {
			String frequency = ResultLabels.item(dosage.getTiming().getCode());
			text.append(text.isEmpty() ? frequency : " " + frequency);
		}
		return text.isEmpty() && dosage.hasText() ? dosage.getText() : text.toString();
	}
}
