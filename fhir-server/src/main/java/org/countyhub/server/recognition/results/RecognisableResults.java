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
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
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
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * The recognisable prior results of a person for the items being ordered, across every unit the person is known
 * at, newest first: reports, and single Observations that are catalogue items by themselves. An Observation that
 * a returned report lists among its results is not returned again for the same item (one exam, one entry). The
 * stored marks narrow the search (recognisable, item, valid-until on or after the moment asked about); each
 * item's own validity window is then checked, since one report may carry items with different windows (a 7-day
 * potassium beside a 30-day glucose).
 */
@Component
public class RecognisableResults {

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final IFhirResourceDao<Observation> observations;
	private final PersonRecords persons;
	private final RecognitionCatalog catalog;
	private final RecognitionEvaluator evaluator;
	private final UnitQualifications units;
	private final int maxResults;
	private final ZoneId zone;

	RecognisableResults(
			IFhirResourceDao<DiagnosticReport> reports,
			IFhirResourceDao<Observation> observations,
			PersonRecords persons,
			RecognitionCatalog catalog,
			RecognitionEvaluator evaluator,
			UnitQualifications units,
			RecognitionProperties properties) {
		this.reports = reports;
		this.observations = observations;
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
		OffsetDateTime moment = at.atZone(zone).toOffsetDateTime();
		List<RecognisableResult> found = new ArrayList<>();
		// (Observation, item) pairs already given by a report that lists the Observation as one of its results
		Set<String> givenByReport = new HashSet<>();
		for (IBaseResource resource : search(reports, DiagnosticReport.SP_SUBJECT, patientIds, items, at)) {
			DiagnosticReport report = (DiagnosticReport) resource;
			List<RecognisableResult> ofReport = results(
					report,
					report.getSubject(),
					evaluator.effectiveDay(report),
					effective(report),
					RecognitionEvaluator.performerId(report),
					items,
					moment);
			found.addAll(ofReport);
			for (Reference member : report.getResult()) {
				memberId(member).ifPresent(id ->
						ofReport.forEach(r -> givenByReport.add(id + "|" + r.item().code())));
			}
		}
		for (IBaseResource resource : search(observations, Observation.SP_SUBJECT, patientIds, items, at)) {
			Observation observation = (Observation) resource;
			String id = "Observation/" + observation.getIdElement().getIdPart();
			results(observation,
					observation.getSubject(),
					evaluator.effectiveDay(observation),
					effective(RecognitionEvaluator.effectiveTime(observation)),
					RecognitionEvaluator.performerId(observation),
					items,
					moment).stream()
					.filter(r -> !givenByReport.contains(id + "|" + r.item().code()))
					.forEach(found::add);
		}
		found.sort(Comparator.comparing(RecognisableResult::effective, Comparator.nullsLast(Comparator.reverseOrder())));
		return found.size() > maxResults ? List.copyOf(found.subList(0, maxResults)) : found;
	}

	/** Marked recognisable, for these items, still valid at the moment: the same query on reports and Observations. */
	private List<IBaseResource> search(
			IFhirResourceDao<?> dao, String subjectParameter, Set<String> patientIds, Collection<CatalogueItem> items,
			Instant at) {
		SearchParameterMap query = SearchParameterMap.newSynchronous();
		ReferenceOrListParam subjects = new ReferenceOrListParam();
		patientIds.forEach(id -> subjects.addOr(new ReferenceParam(id)));
		query.add(subjectParameter, subjects);
		query.add("recognition-recognisable", new TokenParam("true"));
		if (!items.isEmpty()) {
			TokenOrListParam codes = new TokenOrListParam();
			items.forEach(item -> codes.add(HubSystems.RECOGNITION_CATALOGUE, item.code()));
			query.add("recognition-item", codes);
		}
		// Few results pass these filters (only results still inside a window); ordering and the exam-before-the-
		// moment check are done here rather than with more joins in the database.
		query.add("recognition-valid-until", new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(at)));
		return dao.search(query, new SystemRequestDetails()).getAllResources();
	}

	/** One entry per recognisable item of the report or single Observation whose own window is open at the moment. */
	private List<RecognisableResult> results(
			DomainResource result,
			Reference subject,
			Optional<LocalDate> day,
			OffsetDateTime effective,
			Optional<String> performerId,
			Collection<CatalogueItem> items,
			OffsetDateTime moment) {
		Extension mark = result.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
		if (mark == null || !isTrue(mark.getExtensionByUrl("recognisable"))) {
			return List.of();
		}
		if (day.isEmpty() || (effective != null && effective.isAfter(moment))) {
			return List.of();
		}
		String scope = mark.getExtensionByUrl("scope") != null
				? ((CodeType) mark.getExtensionByUrl("scope").getValue()).getValue()
				: null;
		String unitId = performerId.orElse(null);
		String unitName = unitId == null ? null : units.unit(unitId).map(UnitQualifications.Unit::name).orElse(null);
		List<RecognisableResult> found = new ArrayList<>();
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
					result.fhirType() + "/" + result.getIdElement().getIdPart(),
					subject.getReference(),
					unitId == null ? null : "Organization/" + unitId,
					unitName,
					effective,
					validUntil,
					scope));
		}
		return found;
	}

	/** {@code Observation/123} for a report's result held on this server; empty for contained or remote ones. */
	private static Optional<String> memberId(Reference member) {
		if (!member.hasReference() || member.getReference().startsWith("#")) {
			return Optional.empty();
		}
		IdType id = new IdType(member.getReference());
		if (!"Observation".equals(id.getResourceType()) || !id.hasIdPart() || id.isAbsolute()) {
			return Optional.empty();
		}
		return Optional.of("Observation/" + id.getIdPart());
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

	private OffsetDateTime effective(BaseDateTimeType time) {
		return time == null || time.getValue() == null ? null : time.getValue().toInstant().atZone(zone).toOffsetDateTime();
	}

	private static boolean isTrue(Extension part) {
		return part != null && part.getValue() instanceof BooleanType b && b.booleanValue();
	}
}
