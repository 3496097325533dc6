package org.countyhub.server.recognition.decision;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.countyhub.profiles.HubMsg;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.recognition.evaluation.RecognitionEvaluator;
import org.countyhub.server.rest.FhirOperationProvider;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/DiagnosticReport/{id}/$recognition-decision} (or {@code Observation/{id}/...} for a single
 * result): records the ordering clinician's decision on a
 * prior result (互认决定) as the profiled Observation ({@link HubSystems#RECOGNITION_DECISION_PROFILE}): recognised,
 * or not recognised with a statutory reason (free text required for "other"), who decided, when, at which unit,
 * for which order, and that the patient was informed. The Observation is stored like any other and searchable
 * with the standard parameters (code, subject, performer, focus, date, value-concept, component-value-concept).
 */
@Component
class RecognitionDecisionProvider implements FhirOperationProvider {

	private static final List<String> DECISIONS = List.of("recognised", "not-recognised");
	private static final List<String> REASONS =
			List.of("condition-changed", "fast-changing", "major-treatment", "emergency", "appraisal", "other");

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final IFhirResourceDao<Observation> observations;
	private final RecognitionEvaluator evaluator;
	private final RecognitionCatalog catalog;
	private final Clock clock;

	RecognitionDecisionProvider(
			IFhirResourceDao<DiagnosticReport> reports,
			IFhirResourceDao<Observation> observations,
			RecognitionEvaluator evaluator,
			RecognitionCatalog catalog,
			Clock clock) {
		this.reports = reports;
		this.observations = observations;
		this.evaluator = evaluator;
		this.catalog = catalog;
		this.clock = clock;
	}

	@Operation(name = "$recognition-decision", type = DiagnosticReport.class)
	public Observation decideOnReport(
			@IdParam IdType reportId,
			@OperationParam(name = "decision", min = 1) CodeType decision,
			@OperationParam(name = "item") CodeType itemCode,
			@OperationParam(name = "reason") CodeType reason,
			@OperationParam(name = "reasonText") StringType reasonText,
			@OperationParam(name = "unit", min = 1) Reference unit,
			@OperationParam(name = "clinician", min = 1) Reference clinician,
			@OperationParam(name = "patientInformed", min = 1) BooleanType patientInformed,
			@OperationParam(name = "patient") Reference patient,
			@OperationParam(name = "order") Reference order,
			RequestDetails request) {
		return decide(() -> {
			DiagnosticReport report = reports.read(reportId.toUnqualifiedVersionless(), request);
			return new Prior("DiagnosticReport/" + report.getIdElement().getIdPart(), report.getSubject(),
					List.copyOf(evaluator.itemsOf(report)));
		}, decision, itemCode, reason, reasonText, unit, clinician, patientInformed, patient, order, request);
	}

	/** The same decision on a single result (an Observation that is a catalogue item by itself). */
	@Operation(name = "$recognition-decision", type = Observation.class)
	public Observation decideOnObservation(
			@IdParam IdType observationId,
			@OperationParam(name = "decision", min = 1) CodeType decision,
			@OperationParam(name = "item") CodeType itemCode,
			@OperationParam(name = "reason") CodeType reason,
			@OperationParam(name = "reasonText") StringType reasonText,
			@OperationParam(name = "unit", min = 1) Reference unit,
			@OperationParam(name = "clinician", min = 1) Reference clinician,
			@OperationParam(name = "patientInformed", min = 1) BooleanType patientInformed,
			@OperationParam(name = "patient") Reference patient,
			@OperationParam(name = "order") Reference order,
			RequestDetails request) {
		return decide(() -> {
			Observation result = observations.read(observationId.toUnqualifiedVersionless(), request);
			return new Prior("Observation/" + result.getIdElement().getIdPart(), result.getSubject(),
					List.copyOf(catalog.itemsOf(result.getCode())));
		}, decision, itemCode, reason, reasonText, unit, clinician, patientInformed, patient, order, request);
	}

	/** The prior result decided on: its id, its subject and its catalogue items. */
	private record Prior(String id, Reference subject, List<CatalogueItem> items) {}

	private Observation decide(
			Supplier<Prior> priorResult,
			CodeType decision,
			CodeType itemCode,
			CodeType reason,
			StringType reasonText,
			Reference unit,
			Reference clinician,
			BooleanType patientInformed,
			Reference patient,
			Reference order,
			RequestDetails request) {
		if (decision == null || !DECISIONS.contains(decision.getValue())) {
			throw invalid(4020, "decision must be one of " + DECISIONS);
		}
		boolean recognised = "recognised".equals(decision.getValue());
		if (!recognised) {
			if (reason == null || !REASONS.contains(reason.getValue())) {
				throw invalid(4021, "a decision not to recognise needs a statutory reason, one of " + REASONS
						+ " (" + HubSystems.NON_RECOGNITION_REASON + ")");
			}
			if ("other".equals(reason.getValue()) && (reasonText == null || reasonText.isEmpty()
					|| reasonText.getValue().isBlank())) {
				throw invalid(4022, "reason 'other' (其他情形确需复查) needs reasonText saying why");
			}
		} else if (reason != null) {
			throw invalid(4023, "a recognised result takes no non-recognition reason");
		}
		if (unit == null || !unit.hasReference() || !unit.getReference().startsWith("Organization/")) {
			throw invalid(4024, "unit must reference the deciding member unit (Organization/<code>)");
		}
		if (clinician == null || (!clinician.hasReference() && !clinician.hasDisplay())) {
			throw invalid(4025, "clinician must reference a Practitioner or at least give the clinician's name");
		}
		if (patientInformed == null || patientInformed.getValue() == null) {
			throw invalid(4026, "patientInformed (true/false) is required");
		}

		Prior prior = priorResult.get();
		CatalogueItem item = item(prior, itemCode);

		Observation obs = new Observation();
		obs.getMeta().addProfile(HubSystems.RECOGNITION_DECISION_PROFILE);
		obs.setStatus(Observation.ObservationStatus.FINAL);
		obs.getCode().addCoding(new Coding(HubSystems.OBSERVATION_CODE, "recognition-decision", "互认决定"));
		obs.setSubject(patient != null && patient.hasReference() ? patient : prior.subject().copy());
		obs.addFocus(new Reference(prior.id()));
		if (order != null && (order.hasReference() || order.hasIdentifier())) {
			obs.addBasedOn(order);
		}
		obs.setEffective(new DateTimeType(Date.from(clock.instant())));
		obs.addPerformer(unit);
		obs.addPerformer(clinician);
		obs.setValue(new CodeableConcept(new Coding(HubSystems.RECOGNITION_DECISION, decision.getValue(),
				recognised ? "予以互认" : "不予互认")));
		obs.addComponent()
				.setCode(new CodeableConcept(new Coding(HubSystems.OBSERVATION_CODE, "catalogue-item", "互认项目")))
				.setValue(new CodeableConcept(item.coding()));
		if (!recognised) {
			CodeableConcept why = new CodeableConcept(new Coding(HubSystems.NON_RECOGNITION_REASON, reason.getValue(), null));
			if (reasonText != null && !reasonText.isEmpty()) {
				why.setText(reasonText.getValue());
			}
			obs.addComponent()
					.setCode(new CodeableConcept(
							new Coding(HubSystems.OBSERVATION_CODE, "non-recognition-reason", "不予互认理由")))
					.setValue(why);
		}
		obs.addComponent()
				.setCode(new CodeableConcept(new Coding(HubSystems.OBSERVATION_CODE, "patient-informed", "已告知患者")))
				.setValue(new BooleanType(patientInformed.getValue()));
		return (Observation) observations.create(obs, request).getResource();
	}

	/** The item decided on: the one given (it must be on the result), or the result's only catalogue item. */
	private CatalogueItem item(Prior prior, CodeType itemCode) {
		List<CatalogueItem> onReport = prior.items();
		if (itemCode != null && itemCode.hasValue()) {
			Optional<CatalogueItem> item = catalog.item(itemCode.getValue());
			if (item.isEmpty()) {
				throw invalid(4027, "item '" + itemCode.getValue() + "' is not in the recognition catalogue");
			}
			if (!onReport.contains(item.get())) {
				throw invalid(4028, "item '" + itemCode.getValue() + "' is not a result of this " + prior.id());
			}
			return item.get();
		}
		if (onReport.size() != 1) {
			throw invalid(4029, prior.id() + " has " + onReport.size()
					+ " catalogue items; say which one with the item parameter");
		}
		return onReport.get(0);
	}

	private static InvalidRequestException invalid(int code, String message) {
		return new InvalidRequestException(HubMsg.code(code) + message);
	}
}
