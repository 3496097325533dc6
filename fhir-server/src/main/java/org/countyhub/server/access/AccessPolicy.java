package org.countyhub.server.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;

/**
 * A county's 调阅规则 (its {@code access-policy.yaml}, docs/access.md): which records of a patient held by another
 * member unit a person may see. Missing keys take the defaults below; {@link #check()} names a bad key.
 *
 * @param ownUnit            the records of the units the caller's token carries are always visible
 * @param relationshipDays   how long after an Encounter ended it still counts as a treating relationship
 * @param consent            honour the patient's Consent resources (permit and deny)
 * @param breakGlassHours    how long a break-glass grant lasts
 * @param breakGlassReasons  the typed reasons a break-glass names (code, display)
 * @param auditRetentionDays how long access records are kept (never below 180)
 * @param sensitiveLabels    the meta.security labels hidden from other units unless consent names them
 * @param labelRules         which stored records get a sensitive label, by the codes of their {@code code}
 */
public record AccessPolicy(
		Boolean ownUnit,
		Integer relationshipDays,
		Boolean consent,
		Integer breakGlassHours,
		List<Label> breakGlassReasons,
		Integer auditRetentionDays,
		List<Label> sensitiveLabels,
		List<LabelRule> labelRules) {

	public static final int MINIMUM_RETENTION_DAYS = 180;

	/** A coded entry of the policy: a sensitive label or a break-glass reason. */
	public record Label(String system, String code, String display) {}

	/** Records whose code has a coding in {@code system} starting with one of the prefixes get {@code label}. */
	public record LabelRule(String label, String system, List<String> codePrefixes) {}

	public AccessPolicy {
		ownUnit = ownUnit == null || ownUnit;
		relationshipDays = relationshipDays == null ? 30 : relationshipDays;
		consent = consent == null || consent;
		breakGlassHours = breakGlassHours == null ? 4 : breakGlassHours;
		breakGlassReasons = breakGlassReasons == null ? List.of(new Label(null, "life-threatening", "危及生命的急危重症抢救"))
				: List.copyOf(breakGlassReasons);
		auditRetentionDays = auditRetentionDays == null ? MINIMUM_RETENTION_DAYS : auditRetentionDays;
		sensitiveLabels = sensitiveLabels == null ? List.of() : List.copyOf(sensitiveLabels);
		labelRules = labelRules == null ? List.of() : List.copyOf(labelRules);
	}

	/** The defaults, for a county without a policy file. */
	static AccessPolicy defaults() {
		return new AccessPolicy(null, null, null, null, null, null, null, null);
	}

	/** The problem with this policy, naming the key; empty when it is usable. */
	Optional<String> check() {
		if (relationshipDays < 0) {
			return Optional.of("relationshipDays must not be negative, was " + relationshipDays);
		}
		if (breakGlassHours < 1 || breakGlassHours > 72) {
			return Optional.of("breakGlassHours must be between 1 and 72, was " + breakGlassHours);
		}
		if (auditRetentionDays < MINIMUM_RETENTION_DAYS) {
			return Optional.of("auditRetentionDays must be at least " + MINIMUM_RETENTION_DAYS + ", was "
					+ auditRetentionDays);
		}
		if (breakGlassReasons.isEmpty() || breakGlassReasons.stream().anyMatch(r -> blank(r.code()))) {
			return Optional.of("breakGlassReasons needs at least one reason, each with a code");
		}
		for (Label label : sensitiveLabels) {
			if (blank(label.system()) || blank(label.code())) {
				return Optional.of("sensitiveLabels: every label needs a system and a code");
			}
		}
		Set<String> codes = labelCodes();
		for (LabelRule rule : labelRules) {
			if (!codes.contains(rule.label())) {
				return Optional.of("labelRules: label '" + rule.label() + "' is not one of sensitiveLabels " + codes);
			}
			if (blank(rule.system()) || rule.codePrefixes() == null || rule.codePrefixes().isEmpty()) {
				return Optional.of("labelRules: the rule for '" + rule.label() + "' needs a system and codePrefixes");
			}
		}
		return Optional.empty();
	}

	Set<String> labelCodes() {
		return sensitiveLabels.stream().map(Label::code).collect(Collectors.toSet());
	}

	/** The sensitive label this coding of a meta.security is, if any. */
	Optional<Label> sensitive(Coding security) {
		return sensitiveLabels.stream()
				.filter(l -> l.system().equals(security.getSystem()) && l.code().equals(security.getCode()))
				.findFirst();
	}

	Optional<Label> reason(String code) {
		return breakGlassReasons.stream().filter(r -> r.code().equals(code)).findFirst();
	}

	private static boolean blank(String value) {
		return value == null || value.isBlank();
	}
}
