package org.countyhub.server.console.patients;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleProperties;
import org.countyhub.server.console.DecisionLabels;
import org.countyhub.server.console.RecognitionBadge;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.workflow.WorkflowCodes;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * The 360 view's timeline: one page of the hub's {@code Patient/[id]/$history-across-units} (newest first, every
 * member unit), asked as the signed-in person, made into rows people read.
 */
@OnEmbeddedSignIn
@Component
public class Timeline {

	/** One row: when, what kind, which item, at which unit, its state and HR badge, and its detail page if any. */
	public record Row(String when, String kind, String item, String unit, String state, RecognitionBadge badge,
			String detail) {}

	/** One page of rows, and whether there are pages before and after it. */
	public record Page(List<Row> rows, int page, boolean hasPrevious, boolean hasNext) {}

	private final ChineseFormats formats;
	private final Clock clock;
	private final int pageSize;

	Timeline(ChineseFormats formats, Clock clock, ConsoleProperties properties) {
		this.formats = formats;
		this.clock = clock;
		this.pageSize = properties.pageSize();
	}

	Page page(IGenericClient fhir, String patientId, TimelineFilter filter) {
		Parameters parameters = new Parameters();
		if (!filter.type().isEmpty()) {
			parameters.addParameter().setName("category").setValue(new StringType(filter.type()));
		}
		for (String date : filter.dateParameters()) {
			parameters.addParameter().setName("date").setValue(new StringType(date));
		}
		if (!filter.unit().isEmpty()) {
			parameters.addParameter().setName("performer").setValue(new StringType(filter.unit()));
		}
		parameters.addParameter().setName("_count").setValue(new IntegerType(pageSize));
		parameters.addParameter().setName("_offset").setValue(new IntegerType(filter.page() * pageSize));
		Bundle bundle = history(fhir, patientId, parameters);
		List<Row> rows = rows(bundle);
		return new Page(rows, filter.page(), bundle.getLink("previous") != null, bundle.getLink("next") != null);
	}

	/** The newest {@code count} rows of one category of the history (the 360 view's summary column). */
	List<Row> latest(IGenericClient fhir, String patientId, String category, int count) {
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("category").setValue(new StringType(category));
		parameters.addParameter().setName("_count").setValue(new IntegerType(count));
		return rows(history(fhir, patientId, parameters));
	}

	private static Bundle history(IGenericClient fhir, String patientId, Parameters parameters) {
		return fhir.operation().onInstance(new IdType("Patient", patientId))
				.named("$history-across-units").withParameters(parameters).useHttpGet()
				.returnResourceType(Bundle.class).execute();
	}

	private List<Row> rows(Bundle bundle) {
		Instant now = clock.instant();
		List<Row> rows = new ArrayList<>();
		for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
			Row row = row(entry.getResource(), unit(entry), now);
			if (row != null) {
				rows.add(row);
			}
		}
		return rows;
	}

	private Row row(Resource resource, String unit, Instant now) {
		String id = resource.getIdElement().getIdPart();
		if (resource instanceof DiagnosticReport report) {
			return new Row(formats.when(report.hasEffectiveDateTimeType() ? report.getEffectiveDateTimeType()
					: report.getIssuedElement()), ResultLabels.reportKind(report), ResultLabels.item(report.getCode()),
					unit, ResultLabels.state(report.getStatus() == null ? null : report.getStatus().toCode()),
					RecognitionBadge.of(report, now, formats), "/console/results/DiagnosticReport/" + id);
		}
		if (resource instanceof Observation decision && DecisionLabels.isDecision(decision)) {
			return new Row(formats.when(decision.getEffectiveDateTimeType()), "互认决定", DecisionLabels.of(decision),
					unit, ResultLabels.state(decision.getStatus() == null ? null : decision.getStatus().toCode()),
					RecognitionBadge.NONE, null);
		}
		if (resource instanceof Observation observation) {
			return new Row(formats.when(observation.hasEffectiveDateTimeType()
					? observation.getEffectiveDateTimeType() : observation.getIssuedElement()),
					ResultLabels.observationKind(observation), ResultLabels.item(observation.getCode()), unit,
					ResultLabels.state(observation.getStatus() == null ? null : observation.getStatus().toCode()),
					RecognitionBadge.of(observation, now, formats), "/console/results/Observation/" + id);
		}
		if (resource instanceof ImagingStudy study) {
			String item = study.hasDescription() ? study.getDescription()
					: study.hasProcedureCode() ? ResultLabels.item(study.getProcedureCodeFirstRep()) : "影像检查";
			return new Row(formats.when(study.getStartedElement()), "检查（影像）", item, unit,
					ResultLabels.state(study.getStatus() == null ? null : study.getStatus().toCode()),
					RecognitionBadge.NONE, null);
		}
		if (resource instanceof ServiceRequest request) {
			String item = request.hasReasonCode() ? ResultLabels.item(request.getReasonCodeFirstRep())
					: ResultLabels.item(request.getCode());
			// the history lists every ServiceRequest; only the referral category is a 转诊
			String kind = WorkflowCodes.isA(request, WorkflowCodes.REMOTE_READING) ? "检查申请" : "转诊";
			return new Row(formats.when(request.getAuthoredOnElement()), kind, item, unit,
					ResultLabels.state(request.getStatus() == null ? null : request.getStatus().toCode()),
					RecognitionBadge.NONE, null);
		}
		if (resource instanceof Encounter encounter) {
			String item = encounter.hasType() ? ResultLabels.item(encounter.getTypeFirstRep())
					: encounter.hasReasonCode() ? ResultLabels.item(encounter.getReasonCodeFirstRep()) : "";
			return new Row(formats.when(encounter.getPeriod().getStartElement()), ResultLabels.visitKind(encounter),
					item, unit, ResultLabels.state(encounter.getStatus() == null ? null : encounter.getStatus().toCode()),
					RecognitionBadge.NONE, null);
		}
		if (resource instanceof Condition condition) {
			return new Row(formats.when(condition.hasRecordedDate() ? condition.getRecordedDateElement()
					: condition.hasOnsetDateTimeType() ? condition.getOnsetDateTimeType() : null), "诊断", ProblemLabels.diagnosis(condition.getCode()), unit,
					ProblemLabels.diagnosisState(condition), RecognitionBadge.NONE, null);
		}
		if (resource instanceof AllergyIntolerance allergy) {
			return new Row(formats.when(allergy.getRecordedDateElement()), "过敏", ProblemLabels.allergen(allergy), unit,
					ProblemLabels.allergyState(allergy), RecognitionBadge.NONE, null);
		}
		if (resource instanceof DomainResource other) {
			return new Row("", other.fhirType(), "", unit, "", RecognitionBadge.NONE, null);
		}
		return null;
	}

	private static String unit(Bundle.BundleEntryComponent entry) {
		for (Extension extension : entry.getExtension()) {
			if (HubSystems.PERFORMING_UNIT.equals(extension.getUrl()) && extension.getValue() instanceof Reference unit) {
				return unit.hasDisplay() ? unit.getDisplay() : unit.getReferenceElement().getIdPart();
			}
		}
		return "";
	}
}
