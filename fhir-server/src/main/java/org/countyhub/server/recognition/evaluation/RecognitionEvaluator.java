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
 * Other features (remote reading) call {@link #evaluate(DiagnosticReport)} directly.
 */
@Component
public class RecognitionEvaluator {

	/** Final results and their later versions; not registered, partial, preliminary, cancelled or in error. */
	private static final Set<DiagnosticReportStatus> FINAL = EnumSet.of(
			DiagnosticReportStatus.FINAL,
			DiagnosticReportStatus.AMENDED,
			DiagnosticReportStatus.CORRECTED,
			DiagnosticReportStatus.APPENDED);

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
		List<CatalogueItem> items = List.copyOf(itemsOf(report));
		if (items.isEmpty()) {
			return notRecognisable(items, null, null,
					new Reason(StatusReason.NOT_IN_CATALOGUE, "项目" + describe(report) + "不在互认目录中"));
		}
		Optional<LocalDate> day = effectiveDay(report);
		if (!FINAL.contains(report.getStatus())) {
			return notRecognisable(items, null, null, new Reason(StatusReason.NOT_FINAL,
					"报告状态为 " + (report.hasStatus() ? report.getStatus().toCode() : "未填写") + "，非终审报告"));
		}
		if (day.isEmpty()) {
			return notRecognisable(items, null, null,
					new Reason(StatusReason.EXPIRED, "报告无检查/采样时间，无法确定互认时限"));
		}
		Optional<Unit> unit = performingUnit(report);
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
			reasons.add(new Reason(StatusReason.UNIT_NOT_QUALIFIED, unit.map(Unit::name).orElse("报告单位未知")
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

	/** Evaluates the report and writes the result on it (the stored mark). */
	public RecognitionStatus mark(DiagnosticReport report) {
		RecognitionStatus status = evaluate(report);
		status.writeOn(report);
		return status;
	}

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
		return report.getPerformer().stream()
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

	private static String describe(DiagnosticReport report) {
		if (report.getCode().hasText()) {
			return "“" + report.getCode().getText() + "”";
		}
		return report.getCode().getCoding().stream().findFirst()
				.map(c -> "“" + (c.hasDisplay() ? c.getDisplay() : c.getCode()) + "”")
				.orElse("");
	}
}
