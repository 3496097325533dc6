package org.countyhub.server.critical;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Optional;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * 危急值发现: every stored result (Observation) and report (DiagnosticReport, for coded imaging and ECG findings), from
 * the feeds or FHIR REST, is judged against the county's table before its transaction commits; a critical one opens
 * its loop in the same transaction ({@link CriticalValueLoops}), and a corrected result that is no longer critical
 * closes it. Judging is in memory; only a critical or corrected result reads the store. HAPI calls these hooks once
 * every entry of a transaction is stored, so a result's report and order are found whatever their order in the
 * Bundle. Off with {@code hub.critical-values.enabled=false}.
 */
@Component
@Interceptor
@ConditionalOnProperty(prefix = "hub.critical-values", name = "enabled", havingValue = "true", matchIfMissing = true)
class CriticalValueDetection implements StorageRule {

	private final CriticalValueTables tables;
	private final CriticalValueLoops loops;

	CriticalValueDetection(CriticalValueTables tables, CriticalValueLoops loops) {
		this.tables = tables;
		this.loops = loops;
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
	public void created(IBaseResource resource) {
		judge(resource);
	}

	private void judge(IBaseResource resource) {
		if (resource instanceof Observation observation && isPatient(observation.getSubject())) {
			Optional<CriticalJudgement> judgement = CriticalJudgement.of(observation, tables.table());
			if (judgement.isPresent()) {
				loops.open(observation, judgement.get());
			} else if (observation.getStatus() == Observation.ObservationStatus.CORRECTED
					|| observation.getStatus() == Observation.ObservationStatus.AMENDED) {
				loops.corrected("Observation/" + observation.getIdElement().getIdPart(), valueText(observation));
			}
		} else if (resource instanceof DiagnosticReport report && report.hasConclusionCode()
				&& isPatient(report.getSubject())) {
			CriticalJudgement.of(report, tables.table()).ifPresent(j -> loops.open(report, j));
		}
	}

	@Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
	public void updated(IBaseResource previous, IBaseResource resource) {
		judge(resource);
	}

	private static String valueText(Observation observation) {
		if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
			return observation.getValueQuantity().getValue().toPlainString()
					+ (observation.getValueQuantity().hasUnit() ? " " + observation.getValueQuantity().getUnit() : "");
		}
		if (observation.hasValueCodeableConcept()) {
			return CriticalJudgement.text(observation.getValueCodeableConcept());
		}
		return observation.hasValue() ? observation.getValue().primitiveValue() : "";
	}

	private static boolean isPatient(Reference subject) {
		return subject.hasReference() && subject.getReference().startsWith("Patient/");
	}
}
