package org.countyhub.server.recognition.results;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.recognition.evaluation.RecognitionEvaluator;
import org.countyhub.server.recognition.evaluation.UnitQualifications;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The recognisable prior results of a person for the items being ordered, across every unit the person is known
 * at, newest first. The stored marks narrow the search (recognisable, item, valid-until on or after the moment
 * asked about); each item's own validity window is then checked, since one report may carry items with different
 * windows (a 7-day potassium beside a 30-day glucose).
 */
@Component
public class RecognisableResults {

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final PersonRecords persons;
	private final RecognitionCatalog catalog;
	private final RecognitionEvaluator evaluator;
	private final UnitQualifications units;
	private final int maxResults;
	private final ZoneId zone;

	RecognisableResults(
			IFhirResourceDao<DiagnosticReport> reports,
			PersonRecords persons,
			RecognitionCatalog catalog,
			RecognitionEvaluator evaluator,
			UnitQualifications units,
			RecognitionProperties properties) {
		this.reports = reports;
		this.persons = persons;
		this.catalog = catalog;
		this.evaluator = evaluator;
		this.units = units;
		this.maxResults = properties.maxResults();
		this.zone = properties.zone();
	}

	/** For a stored Patient, by id. */
	public List<RecognisableResult> find(String patientId, Collection<CatalogueItem> items, Instant at) {
		return find(persons.linkedPatients(patientId), items, at);
	}

	/** For a Patient at hand (a CDS Hooks prefetch). */
	public List<RecognisableResult> find(Patient patient, Collection<CatalogueItem> items, Instant at) {
		return find(persons.linkedPatients(patient), items, at);
	}

	/**
	 * Recognisable results of these Patient records for these items (all catalogue items when empty) at the
	 * given moment: the exam was done by then, and the item's window is still open then.
	 */
	public List<RecognisableResult> find(Set<String> patientIds, Collection<CatalogueItem> items, Instant at) {
		SearchParameterMap query = SearchParameterMap.newSynchronous();
		ReferenceOrListParam subjects = new ReferenceOrListParam();
		patientIds.forEach(id -> subjects.addOr(new ReferenceParam(id)));
		query.add(DiagnosticReport.SP_SUBJECT, subjects);
		query.add("recognition-recognisable", new TokenParam("true"));
		if (!items.isEmpty()) {
			TokenOrListParam codes = new TokenOrListParam();
			items.forEach(item -> codes.add(HubSystems.RECOGNITION_CATALOGUE, item.code()));
			query.add("recognition-item", codes);
		}
		// Few reports pass these filters (only results still inside a window); ordering and the exam-before-the-
		// moment check are done here rather than with more joins in the database.
		query.add("recognition-valid-until", new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(at)));
		OffsetDateTime moment = at.atZone(zone).toOffsetDateTime();
		List<RecognisableResult> found = new ArrayList<>();
		for (IBaseResource resource : reports.search(query, new SystemRequestDetails()).getAllResources()) {
			DiagnosticReport report = (DiagnosticReport) resource;
			Extension mark = report.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
			if (mark == null || !isTrue(mark.getExtensionByUrl("recognisable"))) {
				continue;
			}
			Optional<java.time.LocalDate> day = evaluator.effectiveDay(report);
			OffsetDateTime effective = effective(report);
			if (day.isEmpty() || (effective != null && effective.isAfter(moment))) {
				continue;
			}
			String scope = mark.getExtensionByUrl("scope") != null
					? ((CodeType) mark.getExtensionByUrl("scope").getValue()).getValue()
					: null;
			String unitId = RecognitionEvaluator.performerId(report).orElse(null);
			String unitName = unitId == null ? null : units.unit(unitId).map(UnitQualifications.Unit::name).orElse(null);
			for (Extension itemPart : mark.getExtensionsByUrl("item")) {
				Optional<CatalogueItem> item = catalog.itemOf((Coding) itemPart.getValue());
				if (item.isEmpty() || (!items.isEmpty() && !items.contains(item.get()))) {
					continue;
				}
				OffsetDateTime validUntil = evaluator.validUntil(day.get(), item.get());
				if (moment.isAfter(validUntil)) {
					continue;
				}
				found.add(new RecognisableResult(
						item.get(),
						"DiagnosticReport/" + report.getIdElement().getIdPart(),
						report.getSubject().getReference(),
						unitId == null ? null : "Organization/" + unitId,
						unitName,
						effective,
						validUntil,
						scope));
			}
		}
		found.sort(Comparator.comparing(RecognisableResult::effective, Comparator.nullsLast(Comparator.reverseOrder())));
		return found.size() > maxResults ? List.copyOf(found.subList(0, maxResults)) : found;
	}

	private OffsetDateTime effective(DiagnosticReport report) {
		if (report.hasEffectiveDateTimeType() && report.getEffectiveDateTimeType().getValue() != null) {
			return report.getEffectiveDateTimeType().getValue().toInstant().atZone(zone).toOffsetDateTime();
		}
		if (report.hasEffectivePeriod() && report.getEffectivePeriod().hasStart()) {
			return report.getEffectivePeriod().getStart().toInstant().atZone(zone).toOffsetDateTime();
		}
		return report.hasIssued() ? report.getIssued().toInstant().atZone(zone).toOffsetDateTime() : null;
	}

	private static boolean isTrue(Extension part) {
		return part != null && part.getValue() instanceof BooleanType b && b.booleanValue();
	}
}
