package org.countyhub.server.validation;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How writes are checked against the community's implementation guide ({@code hub.validation.*}), per profiled
 * resource type. Every write is covered, REST and feeds alike, because the rules run in HAPI's storage layer.
 * The default is {@code reject} for every type the hub's workflows (identity, recognition, referral, remote
 * reading) depend on.
 *
 * @param patient          Patient against hub-patient
 * @param organization     Organization against member-unit
 * @param diagnosticReport DiagnosticReport against lab-report, imaging-report or ecg-report
 * @param observation      Observation against lab-result, ecg-measurement or recognition-decision
 * @param imagingStudy     ImagingStudy against imaging-study
 * @param serviceRequest   ServiceRequest against referral-request or reading-request
 * @param task             Task against referral-task or reading-task
 * @param condition        Condition against encounter-diagnosis (those of category encounter-diagnosis; other
 *                         Conditions, e.g. a referral's problem-list entries, against the base specification)
 * @param allergyIntolerance AllergyIntolerance against allergy
 * @param idCardCheckDigit the ISO 7064 MOD 11-2 check character of resident ID card numbers on Patients
 *                         (off / warn = store, log the record id only; the identity service flags the number
 *                         and never links by it / reject = refuse the Patient). Default warn: a wrong check
 *                         character is a typing error at the unit, and refusing it would NAK the whole message
 * @param validatorPool    instance validators kept for reuse between writes (each holds ~6 MB; building one costs
 *                         ~25 ms). Default 20, the database connection pool's size: no more writers than that
 *                         validate at once
 * @param feedOutput       when the feeds' resources are checked: {@code after-ack} (default; every version a message
 *                         wrote, judged after the ACK from a backlog in the database; failures tagged, logged
 *                         (HUB-1103) and listed at /admin/feeds/checks), {@code inline} (before commit like every
 *                         write, a message that does not conform is answered AE and kept for replay) or
 *                         {@code sampled} (after the ACK, one message in {@code feedSampleEvery}, skipped when
 *                         behind). See {@link FeedOutputMode}
 * @param feedSampleEvery  with {@code feed-output: sampled}, one feed message in this many is checked. Default 10
 * @param feedCheckShare   with {@code feed-output: after-ack} or {@code sampled}, the share of one core the
 *                         background check may use while feed messages arrive (it pauses after each resource for
 *                         its check time x (1 - share) / share); {@code after-ack} works at full pace on one
 *                         thread once the feeds are quiet for a second, {@code sampled} skips what it cannot take.
 *                         Default 0.1
 * @param feedCheckThreads with {@code feed-output: inline}, threads that check a message's resources while the feed
 *                         thread goes on storing them; the message commits only after every check has passed.
 *                         Default (unset): the machine's cores; 0 checks each resource on the feed thread before
 *                         storing the next
 * @param otherTypes       every other resource type the hub stores (Appointment, Slot, Schedule, Provenance,
 *                         Endpoint, Encounter, …) against the base specification (R4) and whatever
 *                         profiles it declares; the guide's terminology resources, Subscriptions, Binaries and
 *                         Bundles excepted. Default warn: checked and tagged failed-profile, stored; reject refuses
 *                         such a write like a profiled one (422 HUB-1101)
 */
@ConfigurationProperties(prefix = "hub.validation")
public record ValidationProperties(
		@DefaultValue("reject") ValidationMode patient,
		@DefaultValue("reject") ValidationMode organization,
		@DefaultValue("reject") ValidationMode diagnosticReport,
		@DefaultValue("reject") ValidationMode observation,
		@DefaultValue("reject") ValidationMode imagingStudy,
		@DefaultValue("reject") ValidationMode serviceRequest,
		@DefaultValue("reject") ValidationMode task,
		@DefaultValue("reject") ValidationMode condition,
		@DefaultValue("reject") ValidationMode allergyIntolerance,
		@DefaultValue("warn") ValidationMode idCardCheckDigit,
		@DefaultValue("20") int validatorPool,
		@DefaultValue("after-ack") FeedOutputMode feedOutput,
		@DefaultValue("10") int feedSampleEvery,
		@DefaultValue("0.1") double feedCheckShare,
		Integer feedCheckThreads,
		@DefaultValue("warn") ValidationMode otherTypes) {

	/** {@code feed-check-threads}, the machine's cores when unset. */
	public int feedCheckThreadCount() {
		if (feedCheckThreads == null) {
			return Runtime.getRuntime().availableProcessors();
		}
		if (feedCheckThreads < 0) {
			throw new IllegalArgumentException("hub.validation.feed-check-threads must not be negative");
		}
		return feedCheckThreads;
	}

	/** The mode of every profiled resource type, by FHIR type name. */
	public Map<String, ValidationMode> byResourceType() {
		Map<String, ValidationMode> modes = new LinkedHashMap<>();
		modes.put("Patient", patient);
		modes.put("Organization", organization);
		modes.put("DiagnosticReport", diagnosticReport);
		modes.put("Observation", observation);
		modes.put("ImagingStudy", imagingStudy);
		modes.put("ServiceRequest", serviceRequest);
		modes.put("Task", task);
		modes.put("Condition", condition);
		modes.put("AllergyIntolerance", allergyIntolerance);
		return modes;
	}
}
