package org.countyhub.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.util.ResourceUtil;
import java.util.Map;
import java.util.Set;
import org.countyhub.server.workflow.StorageRule;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * Gives a stored record the sensitive labels the county's policy table maps its code to ({@code labelRules}:
 * e.g. an ICD-10 B20–B24 diagnosis gets the HIV label) in {@code meta.security}, on every write, the feeds'
 * included, so that the 调阅 rules can hide it from other units. Labels already on a record are kept.
 */
@Component
@Interceptor
class SensitiveLabelling implements StorageRule {

	private static final Set<String> TYPES = Set.of("Condition", "Observation", "DiagnosticReport", "Procedure");

	private final AccessPolicy policy;

	SensitiveLabelling(AccessPolicy policy) {
		this.policy = policy;
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = BEFORE_VALIDATION - 30)
	public void beforeCreate(IBaseResource resource) {
		label(resource);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = BEFORE_VALIDATION - 30)
	public void beforeUpdate(IBaseResource previous, IBaseResource resource) {
		label(resource);
	}

	private void label(IBaseResource resource) {
		if (policy.labelRules().isEmpty() || resource == null || !TYPES.contains(resource.fhirType())) {
			return;
		}
		CodeableConcept code = codeOf(resource);
		if (code == null) {
			return;
		}
		Map<String, AccessPolicy.Label> labels = new java.util.LinkedHashMap<>();
		for (AccessPolicy.LabelRule rule : policy.labelRules()) {
			for (Coding coding : code.getCoding()) {
				if (rule.system().equals(coding.getSystem()) && coding.getCode() != null
						&& rule.codePrefixes().stream().anyMatch(coding.getCode()::startsWith)) {
					policy.sensitiveLabels().stream().filter(l -> l.code().equals(rule.label())).findFirst()
							.ifPresent(l -> labels.put(l.code(), l));
				}
			}
		}
		Resource r = (Resource) resource;
		boolean changed = false;
		for (AccessPolicy.Label label : labels.values()) {
			if (r.getMeta().getSecurity(label.system(), label.code()) == null) {
				r.getMeta().addSecurity(new Coding(label.system(), label.code(), null));
				changed = true;
			}
		}
		if (changed) {
			ResourceUtil.clearRawStringFromResource(resource);
		}
	}

	private static CodeableConcept codeOf(IBaseResource resource) {
		if (resource instanceof Condition c) {
			return c.getCode();
		}
		if (resource instanceof Observation o) {
			return o.getCode();
		}
		if (resource instanceof DiagnosticReport d) {
			return d.getCode();
		}
		if (resource instanceof Procedure p) {
			return p.getCode();
		}
		return null;
	}
}
