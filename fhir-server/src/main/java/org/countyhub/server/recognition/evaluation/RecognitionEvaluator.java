package org.countyhub.server.recognition.evaluation;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.recognition.evaluation.RecognitionStatus.Reason;
import org.countyhub.server.recognition.evaluation.RecognitionStatus.StatusReason;
import org.countyhub.server.recognition.evaluation.UnitQualifications.Qualification;
import org.countyhub.server.recognition.evaluation.UnitQualifications.Unit;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DiagnosticReport.DiagnosticReportStatus;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.springframework.stereotype.Component;

/**
 * Decides whether a report's result may be recognised by other units (国卫医发〔2022〕6号 and the county's
 * catalogue): its item is in the catalogue (directly or through the performing unit's code map), it is final
 * or amended, the performing unit is quality-qualified for the item on the result's date, and now is within the
 * item's validity window. All tables come from {@link RecognitionCatalog} and {@link UnitQualifications}.
 * A single Observation whose own code is a catalogue item is judged by the same rules
 * ({@link #evaluate(Observation)}). Other features (remote reading) call {@link #evaluate(DiagnosticReport)}
 * directly.
 */
@Component
public class RecognitionEvaluator {

	/** Final results and their later versions; not registered, partial, preliminary, cancelled or in error. */
	private static final Set<DiagnosticReportStatus> FINAL = EnumSet.of(
			DiagnosticReportStatus.FINAL,
			DiagnosticReportStatus.AMENDED,
			DiagnosticReportStatus.CORRECTED,
			DiagnosticReportStatus.APPENDED);

	/** The same for a single Observation (which has no 'appended'): not registered, preliminary, cancelled... */
	private static final Set<Observation.ObservationStatus> FINAL_OBSERVATION = EnumSet.of(
			Observation.ObservationStatus.FINAL,
			Observation.ObservationStatus.AMENDED,
			Observation.ObservationStatus.CORRECTED);

	private final RecognitionCatalog catalog;
	private final UnitQualifications units;
	private final IFhirResourceDao<Observation> observations;
	private final Clock clock;
	private final ZoneId zone;

	RecognitionEvaluator(
			RecognitionCatalog catalog,
			UnitQualifications units,
			IFhirResourceDao<Observation> observations,
			Clock clock,
			RecognitionProperties properties) {
		this.catalog = catalog;
		this.units = units;
		this.observations = observations;
		this.clock = clock;
		this.zone = properties.zone();
	}

	/** The report's recognition status now. Does not change the report; see {@link #mark(DiagnosticReport)}. */
	public RecognitionStatus evaluate(DiagnosticReport report) {
		String status = report.hasStatus() ? report.getStatus().toCode() : null;
		return evaluate(new Judged(
				List.copyOf(itemsOf(report)),
				"报告",
				describe(report.getCode()),
				status,
				FINAL.contains(report.getStatus()),
				effectiveDay(report),
				performerId(report)));
	}

	/**
	 * A single Observation judged as a result of its own (a potassium or an HbA1c sent without a report): its own
	 * code gives the item, under the same four rules as a report. Does not change the Observation.
	 */
	public RecognitionStatus evaluate(Observation observation) {
		String status = observation.hasStatus() ? observation.getStatus().toCode() : null;
		return evaluate(new Judged(
				List.copyOf(catalog.itemsOf(observation.getCode())),
				"结果",
				describe(observation.getCode()),
				status,
				FINAL_OBSERVATION.contains(observation.getStatus()),
				effectiveDay(observation),
				performerId(observation)));
	}

	/** Evaluates the report and writes the result on it (the stored mark). */
	public RecognitionStatus mark(DiagnosticReport report) {
		RecognitionStatus status = evaluate(report);
		status.writeOn(report);
		return status;
	}

	/**
	 * Marks an Observation whose own code is a catalogue item (directly or through its unit's code map); any other
	 * Observation (vital signs, the members of a panel coded locally, decisions) carries no mark, and a mark left
	 * from an earlier version (the code was corrected away from the catalogue) is removed.
	 *
	 * @return the status written, or empty when the Observation is not a catalogue item
	 */
	public Optional<RecognitionStatus> mark(Observation observation) {
		if (catalog.itemsOf(observation.getCode()).isEmpty()) {
			RecognitionStatus.removeFrom(observation);
			return Optional.empty();
		}
		RecognitionStatus status = evaluate(observation);
		status.writeOn(observation);
		return Optional.of(status);
	}

	/** The four rules, on what a report or a single Observation says about itself. */
	private RecognitionStatus evaluate(Judged result) {
		List<CatalogueItem> items = result.items();
		if (items.isEmpty()) {
			return notRecognisable(items, null, null,
					new Reason(StatusReason.NOT_IN_CATALOGUE, "项目" + result.description() + "不在互认目录中"));
		}
		Optional<LocalDate> day = result.day();
		if (!result.isFinal()) {
			return notRecognisable(items, null, null, new Reason(StatusReason.NOT_FINAL,
					result.noun() + "状态为 " + (result.status() != null ? result.status() : "未填写")
							+ "，非终审" + result.noun()));
		}
		if (day.isEmpty()) {
			return notRecognisable(items, null, null,
					new Reason(StatusReason.EXPIRED, result.noun() + "无检查/采样时间，无法确定互认时限"));
		}
		Optional<Unit> unit = result.performerId().flatMap(units::unit);
		List<CatalogueItem> qualified = new ArrayList<>();
		List<CatalogueItem> unqualified = new ArrayList<>();
		String scope = null;
		for (CatalogueItem item : items) {
			Optional<Qualification> qualification = unit.flatMap(u -> u.qualificationFor(item.code(), day.get()));
			if (qualification.isPresent()) {
				qualified.add(item);
				if (scope == null) {
					scope = qualification.get().level() != null ? qualification.get().level() : item.level();
				}
			} else {
				unqualified.add(item);
			}
		}
		List<Reason> reasons = new ArrayList<>();
		if (!unqualified.isEmpty()) {
			reasons.add(new Reason(StatusReason.UNIT_NOT_QUALIFIED, unit.map(Unit::name).orElse(result.noun() + "单位未知")
					+ "在 " + day.get() + " 无以下项目的质控合格资质：" + names(unqualified)));
		}
		if (qualified.isEmpty()) {
			return notRecognisable(items, null, null, reasons.toArray(Reason[]::new));
		}
		OffsetDateTime validUntil = qualified.stream()
				.map(item -> validUntil(day.get(), item))
				.max(Comparator.naturalOrder())
				.orElseThrow();
		if (OffsetDateTime.now(clock).isAfter(validUntil)) {
			reasons.add(new Reason(StatusReason.EXPIRED, "检查日期 " + day.get() + "，互认时限至 "
					+ validUntil.toLocalDate() + " 已过"));
			return notRecognisable(items, validUntil, scope, reasons.toArray(Reason[]::new));
		}
		return new RecognitionStatus(true, List.copyOf(qualified), List.copyOf(reasons), validUntil, scope);
	}

	/**
	 * What the rules read from a report or an Observation.
	 *
	 * @param noun 报告 or 结果, for the reasons' sentences
	 */
	private record Judged(
			List<CatalogueItem> items,
			String noun,
			String description,
			String status,
			boolean isFinal,
			Optional<LocalDate> day,
			Optional<String> performerId) {}

	/**
	 * The last moment the item's result of this day is recognisable: the end of the day that is the item's
	 * validity-days after the result's day, in the county's time zone ("valid on its last day, not the day after").
	 */
	public OffsetDateTime validUntil(LocalDate resultDay, CatalogueItem item) {
		return resultDay.plusDays(item.validityDays())
				.atTime(LocalTime.of(23, 59, 59))
				.atZone(zone)
				.toOffsetDateTime();
	}

	/** The result's calendar day in the county: the report's effective time, else its issue time. */
	public Optional<LocalDate> effectiveDay(DiagnosticReport report) {
		BaseDateTimeType time = null;
		if (report.hasEffectiveDateTimeType()) {
			time = report.getEffectiveDateTimeType();
		} else if (report.hasEffectivePeriod() && report.getEffectivePeriod().hasStart()) {
			time = report.getEffectivePeriod().getStartElement();
		} else if (report.hasIssued()) {
			time = report.getIssuedElement();
		}
		return localDay(time);
	}

	/** The result's calendar day in the county: the Observation's effective time, else its issue time. */
	public Optional<LocalDate> effectiveDay(Observation observation) {
		return localDay(effectiveTime(observation));
	}

	/** When the Observation's sample was taken or the exam done (effective, else issued); null if it says not. */
	public static BaseDateTimeType effectiveTime(Observation observation) {
		if (observation.hasEffectiveDateTimeType()) {
			return observation.getEffectiveDateTimeType();
		}
		if (observation.hasEffectiveInstantType()) {
			return observation.getEffectiveInstantType();
		}
		if (observation.hasEffectivePeriod() && observation.getEffectivePeriod().hasStart()) {
			return observation.getEffectivePeriod().getStartElement();
		}
		return observation.hasIssued() ? observation.getIssuedElement() : null;
	}

	private Optional<LocalDate> localDay(BaseDateTimeType time) {
		if (time == null || time.getValue() == null) {
			return Optional.empty();
		}
		if (time.getPrecision().ordinal() <= TemporalPrecisionEnum.DAY.ordinal()) {
			// a date without a time is already the local day
			return Optional.of(LocalDate.of(time.getYear(), time.getMonth() + 1,
					time.getPrecision() == TemporalPrecisionEnum.DAY ? time.getDay() : 1));
		}
		return Optional.of(time.getValue().toInstant().atZone(zone).toLocalDate());
	}

	/** Catalogue items of the report: its own code, and the codes of its result Observations. */
	public Set<CatalogueItem> itemsOf(DiagnosticReport report) {
		Set<CatalogueItem> items = new LinkedHashSet<>(catalog.itemsOf(report.getCode()));
		for (Reference result : report.getResult()) {
			resolve(report, result).ifPresent(obs -> items.addAll(catalog.itemsOf(obs.getCode())));
		}
		return items;
	}

	/** The performing member unit: the first performer that is an Organization. */
	public Optional<Unit> performingUnit(DiagnosticReport report) {
		return performerId(report).flatMap(units::unit);
	}

	public static Optional<String> performerId(DiagnosticReport report) {
		return organization(report.getPerformer());
	}

	/** The Observation's performing member unit: its first performer that is an Organization. */
	public static Optional<String> performerId(Observation observation) {
		return organization(observation.getPerformer());
	}

	private static Optional<String> organization(List<Reference> performers) {
		return performers.stream()
				.filter(Reference::hasReference)
				.map(r -> new IdType(r.getReference()))
				.filter(id -> "Organization".equals(id.getResourceType()) && id.hasIdPart() && !id.isAbsolute())
				.map(IdType::getIdPart)
				.findFirst();
	}

	private Optional<Observation> resolve(DiagnosticReport report, Reference reference) {
		if (reference.getResource() instanceof Observation obs) {
			return Optional.of(obs);
		}
		if (!reference.hasReference()) {
			return Optional.empty();
		}
		String ref = reference.getReference();
		if (ref.startsWith("#")) {
			return report.getContained().stream()
					.filter(r -> r instanceof Observation && ref.substring(1).equals(r.getIdElement().getIdPart()))
					.map(Observation.class::cast)
					.findFirst();
		}
		IdType id = new IdType(ref);
		if (!"Observation".equals(id.getResourceType()) || !id.hasIdPart() || id.isAbsolute() || ref.startsWith("urn:")) {
			return Optional.empty();
		}
		try {
			return Optional.of(observations.read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
		} catch (BaseServerResponseException e) {
			// a result the hub does not hold adds no item; the report's own code still counts
			return Optional.empty();
		}
	}

	private static RecognitionStatus notRecognisable(
			List<CatalogueItem> items, OffsetDateTime validUntil, String scope, Reason... reasons) {
		return new RecognitionStatus(false, items, List.of(reasons), validUntil, scope);
	}

	private static String names(List<CatalogueItem> items) {
		return items.stream().map(CatalogueItem::display).collect(Collectors.joining("、"));
	}

	private static String describe(CodeableConcept code) {
		if (code.hasText()) {
			return "“" + code.getText() + "”";
		}
		return code.getCoding().stream().findFirst()
				.map(c -> "“" + (c.hasDisplay() ? c.getDisplay() : c.getCode()) + "”")
				.orElse("");
	}
}
