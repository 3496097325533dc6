package org.countyhub.server.validation;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/** The profile a resource without one gets from its content, by the rules of validation/profile-rules.json. */
class ProfileAssignmentTest {

	private static final FhirContext FHIR = FhirContext.forR4Cached();
	private static final String V2_0074 = HubSystems.V2_DIAGNOSTIC_SERVICE_SECTION;
	private static final String OBS_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

	private final ProfileAssignment assignment = assignment(Set.of("Patient", "DiagnosticReport", "Observation",
			"ServiceRequest", "Task"));

	private static ProfileAssignment assignment(Set<String> enforced) {
		Set<String> guide = new LinkedHashSet<>();
		HubSystems.PROFILES_BY_RESOURCE_TYPE.values().forEach(guide::addAll);
		return new ProfileAssignment(Map.of("Patient", HubSystems.PATIENT_PROFILE), enforced, guide,
				new ProfileRules(FHIR, ProfileRules.readDefault().rules()));
	}

	@Test
	void reportsByTheirDiagnosticServiceSection() {
		assertThat(profiles(report("LAB"))).containsExactly(HubSystems.LAB_REPORT_PROFILE);
		assertThat(profiles(report("HM"))).containsExactly(HubSystems.LAB_REPORT_PROFILE);
		assertThat(profiles(report("RAD"))).containsExactly(HubSystems.IMAGING_REPORT_PROFILE);
		assertThat(profiles(report("CT"))).containsExactly(HubSystems.IMAGING_REPORT_PROFILE);
		assertThat(profiles(report("EC"))).containsExactly(HubSystems.ECG_REPORT_PROFILE);
		assertThat(profiles(report("CUS"))).containsExactly(HubSystems.ECG_REPORT_PROFILE);
	}

	@Test
	void observationsByCodeThenCategory() {
		Observation lab = new Observation();
		lab.addCategory().addCoding(new Coding(OBS_CATEGORY, "laboratory", null));
		lab.getCode().addCoding(new Coding("http://loinc.org", "2345-7", null));
		assertThat(profiles(lab)).containsExactly(HubSystems.LAB_RESULT_PROFILE);

		Observation qtc = new Observation();
		qtc.addCategory().addCoding(new Coding(OBS_CATEGORY, "procedure", null));
		qtc.getCode().addCoding(new Coding("urn:local", "QTC", null)).getCodingFirstRep();
		qtc.getCode().addCoding(new Coding("http://loinc.org", "8636-3", null));
		assertThat(profiles(qtc)).containsExactly(HubSystems.ECG_MEASUREMENT_PROFILE);

		Observation decision = new Observation();
		decision.getCode().addCoding(new Coding(HubSystems.OBSERVATION_CODE, "recognition-decision", null));
		assertThat(profiles(decision)).containsExactly(HubSystems.RECOGNITION_DECISION_PROFILE);
	}

	@Test
	void workflowsByTheirHubCategoryOrCode() {
		ServiceRequest referral = new ServiceRequest();
		referral.addCategory().addCoding(new Coding(HubSystems.WORKFLOW, "referral", null));
		assertThat(profiles(referral)).containsExactly(HubSystems.REFERRAL_REQUEST_PROFILE);
		ServiceRequest reading = new ServiceRequest();
		reading.addCategory().addCoding(new Coding(HubSystems.WORKFLOW, "remote-reading", null));
		assertThat(profiles(reading)).containsExactly(HubSystems.READING_REQUEST_PROFILE);

		Task referralTask = new Task();
		referralTask.getCode().addCoding(new Coding(HubSystems.WORKFLOW, "referral", null));
		assertThat(profiles(referralTask)).containsExactly(HubSystems.REFERRAL_TASK_PROFILE);
		Task readingTask = new Task();
		readingTask.getCode().addCoding(new Coding(HubSystems.WORKFLOW, "remote-reading", null));
		assertThat(profiles(readingTask)).containsExactly(HubSystems.READING_TASK_PROFILE);
	}

	@Test
	void noMatchingRuleLeavesTheResourceAsItIs() {
		ServiceRequest labOrder = new ServiceRequest();
		labOrder.addCategory().addCoding(new Coding("http://snomed.info/sct", "108252007", null));
		assertThat(profiles(labOrder)).isEmpty();
		assertThat(profiles(report("XYZ"))).isEmpty();
		assertThat(profiles(new Observation())).isEmpty();
	}

	@Test
	void hisOrdersAndOtherObservationsMayStayOutsideTheGuide() {
		// a Condition is the guide's encounter diagnosis by its category; problem-list entries stay on base R4
		assertThat(ProfileRules.readDefault().unprofiledTypes())
				.containsExactlyInAnyOrder("ServiceRequest", "Observation", "Condition");
	}

	@Test
	void aDeclaredGuideProfileIsKept() {
		DiagnosticReport report = report("LAB");
		report.getMeta().addProfile(HubSystems.ECG_REPORT_PROFILE);
		assertThat(profiles(report)).containsExactly(HubSystems.ECG_REPORT_PROFILE);

		DiagnosticReport foreign = report("LAB");
		foreign.getMeta().addProfile("http://example.org/StructureDefinition/other");
		assertThat(profiles(foreign)).containsExactly("http://example.org/StructureDefinition/other",
				HubSystems.LAB_REPORT_PROFILE);
	}

	@Test
	void typesNotEnforcedAreLeftAlone() {
		DiagnosticReport report = report("LAB");
		assignment(Set.of("Patient")).assign(report);
		assertThat(report.getMeta().getProfile()).isEmpty();
	}

	private static DiagnosticReport report(String section) {
		DiagnosticReport report = new DiagnosticReport();
		report.addCategory().addCoding(new Coding(V2_0074, section, null));
		return report;
	}

	private List<String> profiles(Resource resource) {
		assignment.assign(resource);
		return resource.getMeta().getProfile().stream().map(CanonicalType::getValue).toList();
	}
}
