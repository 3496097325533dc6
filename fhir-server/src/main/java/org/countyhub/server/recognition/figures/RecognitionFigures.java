package org.countyhub.server.recognition.figures;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.recognition.evaluation.RecognitionEvaluator;
import org.countyhub.server.recognition.evaluation.UnitQualifications;
import org.countyhub.server.recognition.results.RecognisableResults;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;

/**
 * The management figures of mutual recognition (互认率 and what it saved), per member unit, catalogue item and
 * calendar month in the county's time zone, computed from what is stored:
 * <ul>
 *   <li>results available: DiagnosticReports, and single Observations that are catalogue items, performed in
 *       the month that were recognisable (marked so, or lapsed only by time), by performing unit; an Observation
 *       counted with its report (same month) is not counted again;
 *   <li>orders with a prior result: ServiceRequests authored in the month for a catalogue item for which the
 *       person (at any unit) had a recognisable result at the time of ordering, by ordering unit (the requester
 *       if it is an Organization, else the Patient's managing organization);
 *   <li>decisions: recognition-decision Observations of the month, by deciding unit (performer Organization),
 *       recognised / not recognised by statutory reason; tests avoided = recognised, costed at the catalogue price.
 * </ul>
 */
@Component
public class RecognitionFigures {

	private final IFhirResourceDao<DiagnosticReport> reports;
	private final IFhirResourceDao<ServiceRequest> orders;
	private final IFhirResourceDao<Observation> observations;
	private final IFhirResourceDao<Patient> patients;
	private final RecognitionCatalog catalog;
	private final RecognisableResults results;
	private final UnitQualifications units;
	private final ZoneId zone;

	RecognitionFigures(
			IFhirResourceDao<DiagnosticReport> reports,
			IFhirResourceDao<ServiceRequest> orders,
			IFhirResourceDao<Observation> observations,
			IFhirResourceDao<Patient> patients,
			RecognitionCatalog catalog,
			RecognisableResults results,
			UnitQualifications units,
			RecognitionProperties properties) {
		this.reports = reports;
		this.orders = orders;
		this.observations = observations;
		this.patients = patients;
		this.catalog = catalog;
		this.results = results;
		this.units = units;
		this.zone = properties.zone();
	}

	/** The figures of one month, for all units or the one given (its Organization id). */
	public List<FigureRow> month(YearMonth month, Optional<String> unit) {
		Instant start = month.atDay(1).atStartOfDay(zone).toInstant();
		Instant end = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
		Map<String, Counts> counts = new TreeMap<>();

		SearchParameterMap available = inMonth(DiagnosticReport.SP_DATE, start, end);
		unit.ifPresent(u -> available.add(DiagnosticReport.SP_PERFORMER, new ReferenceParam("Organization/" + u)));
		// (Observation, item) pairs counted with the report that lists the Observation: one exam counts once
		Set<String> countedWithReport = new HashSet<>();
		for (IBaseResource resource : reports.search(available, new SystemRequestDetails()).getAllResources()) {
			DiagnosticReport report = (DiagnosticReport) resource;
			Optional<String> performer = RecognitionEvaluator.performerId(report);
			Extension mark = report.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
			if (performer.isEmpty() || !availableForRecognition(mark)) {
				continue;
			}
			for (Extension item : mark.getExtensionsByUrl("item")) {
				catalog.itemOf((Coding) item.getValue()).ifPresent(i -> {
					counts(counts, performer.get(), i).available++;
					for (Reference member : report.getResult()) {
						IdType id = new IdType(member.getReference() == null ? "" : member.getReference());
						if ("Observation".equals(id.getResourceType()) && id.hasIdPart()) {
							countedWithReport.add(id.getIdPart() + "|" + i.code());
						}
					}
				});
			}
		}
		// single results: Observations marked for a catalogue item (only those carry a mark)
		SearchParameterMap singles = inMonth(Observation.SP_DATE, start, end);
		TokenOrListParam anyItem = new TokenOrListParam();
		catalog.items().forEach(i -> anyItem.add(HubSystems.RECOGNITION_CATALOGUE, i.code()));
		singles.add("recognition-item", anyItem);
		unit.ifPresent(u -> singles.add(Observation.SP_PERFORMER, new ReferenceParam("Organization/" + u)));
		for (IBaseResource resource : observations.search(singles, new SystemRequestDetails()).getAllResources()) {
			Observation single = (Observation) resource;
			Optional<String> performer = RecognitionEvaluator.performerId(single);
			Extension mark = single.getExtensionByUrl(HubSystems.RECOGNITION_STATUS_EXTENSION);
			if (performer.isEmpty() || !availableForRecognition(mark)) {
				continue;
			}
			for (Extension item : mark.getExtensionsByUrl("item")) {
				catalog.itemOf((Coding) item.getValue())
						.filter(i -> !countedWithReport.contains(single.getIdElement().getIdPart() + "|" + i.code()))
						.ifPresent(i -> counts(counts, performer.get(), i).available++);
			}
		}

		SearchParameterMap ordered = inMonth(ServiceRequest.SP_AUTHORED, start, end);
		for (IBaseResource resource : orders.search(ordered, new SystemRequestDetails()).getAllResources()) {
			ServiceRequest order = (ServiceRequest) resource;
			Optional<String> orderingUnit = orderingUnit(order);
			if (orderingUnit.isEmpty() || (unit.isPresent() && !unit.get().equals(orderingUnit.get()))
					|| !order.hasAuthoredOn() || !order.getSubject().hasReference()) {
				continue;
			}
			for (CatalogueItem item : catalog.itemsOf(order.getCode())) {
				if (!results.find(order.getSubject().getReference(), List.of(item), order.getAuthoredOn().toInstant())
						.isEmpty()) {
					counts(counts, orderingUnit.get(), item).ordersWithPrior++;
				}
			}
		}

		SearchParameterMap decided = inMonth(Observation.SP_DATE, start, end);
		decided.add(Observation.SP_CODE, new TokenParam(HubSystems.OBSERVATION_CODE, "recognition-decision"));
		unit.ifPresent(u -> decided.add(Observation.SP_PERFORMER, new ReferenceParam("Organization/" + u)));
		for (IBaseResource resource : observations.search(decided, new SystemRequestDetails()).getAllResources()) {
			Observation decision = (Observation) resource;
			Optional<String> decidingUnit = organization(decision.getPerformer());
			Optional<CatalogueItem> item = component(decision, "catalogue-item").flatMap(c -> catalog.itemOf(c));
			Optional<Coding> value = decision.hasValueCodeableConcept()
					? decision.getValueCodeableConcept().getCoding().stream().findFirst()
					: Optional.empty();
			if (decidingUnit.isEmpty() || item.isEmpty() || value.isEmpty()) {
				continue;
			}
			Counts row = counts(counts, decidingUnit.get(), item.get());
			if ("recognised".equals(value.get().getCode())) {
				row.recognised++;
			} else {
				String reason = component(decision, "non-recognition-reason").map(Coding::getCode).orElse("unknown");
				row.notRecognised.merge(reason, 1, Integer::sum);
			}
		}

		List<FigureRow> rows = new ArrayList<>();
		for (Counts c : counts.values()) {
			int notRecognised = c.notRecognised.values().stream().mapToInt(Integer::intValue).sum();
			BigDecimal price = c.item.price();
			rows.add(new FigureRow(
					c.unit,
					units.unit(c.unit).map(UnitQualifications.Unit::name).orElse(null),
					c.item.code(),
					c.item.display(),
					c.available,
					c.ordersWithPrior,
					c.recognised,
					notRecognised,
					Map.copyOf(c.notRecognised),
					c.recognised,
					price == null ? null : price.multiply(BigDecimal.valueOf(c.recognised))));
		}
		rows.sort(Comparator.comparing(FigureRow::unit).thenComparing(FigureRow::item));
		return rows;
	}

	/**
	 * A result counts as available when it was recognisable: marked so, or judged later (a correction, a
	 * re-sent message) with its window as the only obstacle. Lapsing with time does not take it out of the
	 * month it was available in.
	 */
	private static boolean availableForRecognition(Extension mark) {
		if (mark == null) {
			return false;
		}
		Extension recognisable = mark.getExtensionByUrl("recognisable");
		if (recognisable != null && "true".equals(recognisable.getValue().primitiveValue())) {
			return true;
		}
		List<Extension> reasons = mark.getExtensionsByUrl("reason");
		return !reasons.isEmpty() && reasons.stream().allMatch(r -> ((CodeableConcept) r.getValue())
				.hasCoding(HubSystems.RECOGNITION_STATUS_REASON, "expired"));
	}

	private Optional<String> orderingUnit(ServiceRequest order) {
		if (order.hasRequester() && order.getRequester().hasReference()) {
			IdType requester = new IdType(order.getRequester().getReference());
			if ("Organization".equals(requester.getResourceType())) {
				return Optional.of(requester.getIdPart());
			}
		}
		if (!order.getSubject().hasReference()) {
			return Optional.empty();
		}
		Patient patient = patients.read(new IdType(order.getSubject().getReference()), new SystemRequestDetails());
		return patient.hasManagingOrganization() && patient.getManagingOrganization().hasReference()
				? Optional.of(new IdType(patient.getManagingOrganization().getReference()).getIdPart())
				: Optional.empty();
	}

	private static Optional<String> organization(List<Reference> references) {
		return references.stream()
				.filter(Reference::hasReference)
				.map(r -> new IdType(r.getReference()))
				.filter(id -> "Organization".equals(id.getResourceType()))
				.map(IdType::getIdPart)
				.findFirst();
	}

	private static Optional<Coding> component(Observation obs, String code) {
		return obs.getComponent().stream()
				.filter(c -> c.getCode().hasCoding(HubSystems.OBSERVATION_CODE, code))
				.filter(c -> c.getValue() instanceof CodeableConcept)
				.flatMap(c -> ((CodeableConcept) c.getValue()).getCoding().stream())
				.findFirst();
	}

	private static SearchParameterMap inMonth(String parameter, Instant start, Instant end) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		map.add(parameter, new DateRangeParam(
				new DateParam(ParamPrefixEnum.GREATERTHAN_OR_EQUALS, Date.from(start)),
				new DateParam(ParamPrefixEnum.LESSTHAN, Date.from(end))));
		return map;
	}

	private static Counts counts(Map<String, Counts> counts, String unit, CatalogueItem item) {
		return counts.computeIfAbsent(unit + "\u0000" + item.code(), k -> new Counts(unit, item));
	}

	/** Mutable tallies while counting. */
	private static final class Counts {
		final String unit;
		final CatalogueItem item;
		int available;
		int ordersWithPrior;
		int recognised;
		final Map<String, Integer> notRecognised = new TreeMap<>();

		Counts(String unit, CatalogueItem item) {
			this.unit = unit;
			this.item = item;
		}
	}
}
