package org.countyhub.server.feeds;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Duration;
import java.time.Instant;
import org.countyhub.feeds.fhir.FeedUpdate;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The element-by-element rules of a feed's update, without a server. */
class FeedRecordMergeTest {

	private static final String MRN = HubSystems.unitIdentifierSystem("XRMYY", "mrn");
	private static final String OBS = HubSystems.unitIdentifierSystem("XRMYY", "observation");
	private final FeedRecordMerge merge = new FeedRecordMerge(FhirContext.forR4Cached());

	@Test
	void pid3AddsTheUnitsNumbersAndNeverDropsTheIdCard() {
		Patient stored = registered();
		Patient sent = new Patient();
		sent.addIdentifier().setSystem(MRN).setValue("M1");
		sent.addIdentifier().setSystem(MRN).setValue("M1-OLD");

		Patient merged = (Patient) merge.merge(stored, sent, update(), false, url -> null);

		assertThat(merged.getIdentifier()).extracting(Identifier::getValue)
				.containsExactlyInAnyOrder("M1", "M1-OLD", "330102198001150023");
	}

	@Test
	void aNewIdCardNumberReplacesTheOldOneAPhoneReplacesOnlyThePhoneOfItsUse() {
		Patient stored = registered();
		stored.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("0571-1234").setUse(ContactPoint.ContactPointUse.WORK);
		Patient sent = new Patient();
		sent.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue("33010219800115002X");
		sent.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13900139000").setUse(ContactPoint.ContactPointUse.HOME);

		Patient merged = (Patient) merge.merge(stored, sent, update(), false, url -> null);

		assertThat(merged.getIdentifier()).extracting(Identifier::getValue).containsExactlyInAnyOrder("M1", "33010219800115002X");
		assertThat(merged.getTelecom()).extracting(ContactPoint::getValue).containsExactlyInAnyOrder("0571-1234", "13900139000");
		assertThat(merged.getAddressFirstRep().getCity()).isEqualTo("示范县");
	}

	@Test
	void erasedElementsGoAndDefaultsOnlyFillAnEmptyRecord() {
		Patient stored = registered();
		Patient sent = new Patient();
		sent.setGender(Enumerations.AdministrativeGender.UNKNOWN);

		Patient merged = (Patient) merge.merge(stored, sent,
				update().erase("address").erase("telecom:home").fillOnly("gender"), false, url -> null);

		assertThat(merged.getAddress()).isEmpty();
		assertThat(merged.getTelecom()).isEmpty();
		assertThat(merged.getGender()).isEqualTo(Enumerations.AdministrativeGender.FEMALE);
	}

	@Test
	void aLateMessageFillsWhatIsMissingAndOverwritesAndErasesNothing() {
		Patient stored = registered();
		Patient sent = new Patient();
		sent.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13700137000").setUse(ContactPoint.ContactPointUse.HOME);
		sent.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-01-15"));

		Patient merged = (Patient) merge.merge(stored, sent, update().erase("address"), true, url -> null);

		assertThat(merged.getTelecom()).extracting(ContactPoint::getValue).containsExactly("13800138000");
		assertThat(merged.getBirthDateElement().getValueAsString()).isEqualTo("1980-01-15");
		assertThat(merged.getAddress()).hasSize(1);
	}

	@Test
	void aDischargeKeepsTheAdmissionTimeAndA13ErasesTheDischarge() {
		Encounter stored = new Encounter();
		stored.getPeriod().setStartElement(new DateTimeType("2025-03-01T09:30:00+08:00"));
		Encounter discharge = new Encounter();
		discharge.getPeriod().setEndElement(new DateTimeType("2025-03-05T09:30:00+08:00"));

		Encounter discharged = (Encounter) merge.merge(stored, discharge, update(), false, url -> null);
		assertThat(discharged.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-03-01T09:30:00+08:00");
		assertThat(discharged.getPeriod().hasEnd()).isTrue();

		Encounter reopened = (Encounter) merge.merge(discharged, new Encounter().setStatus(Encounter.EncounterStatus.INPROGRESS),
				update().erase("period.end"), false, url -> null);
		assertThat(reopened.getPeriod().hasEnd()).isFalse();
		assertThat(reopened.getPeriod().hasStart()).isTrue();
	}

	@Test
	void aReplayedMergeAddsItsLinkOnce() {
		Patient stored = registered();
		stored.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient/7"));
		Patient sent = new Patient();
		sent.addLink().setType(Patient.LinkType.REPLACES).setOther(new Reference("Patient?identifier=x%7CM0"));

		Patient merged = (Patient) merge.merge(stored, sent, update(), false, url -> "Patient/7");

		assertThat(merged.getLink()).singleElement().satisfies(l -> assertThat(l.getOther().getReference()).isEqualTo("Patient/7"));
	}

	@Test
	void aCorrectionThatResendsOneResultKeepsTheOthersAndOldReferencesAreIdentifiedThroughTheStore() {
		DiagnosticReport stored = new DiagnosticReport();
		stored.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		stored.addResult(result("Observation/1", "F1/WBC"));
		stored.addResult(new Reference("Observation/2"));
		stored.addResult(result("Observation/3", "F1/PLT"));
		DiagnosticReport sent = new DiagnosticReport();
		sent.setStatus(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
		sent.addResult(result("urn:uuid:0f1e2d3c-4b5a-4697-8877-665544332211", "F1/HGB"));
		sent.addResult(result("urn:uuid:1f1e2d3c-4b5a-4697-8877-665544332211", "F1/NEW"));

		DiagnosticReport merged = (DiagnosticReport) merge.merge(stored, sent, update(), false, url -> null,
				reference -> reference.equals("Observation/2") ? new Identifier().setSystem(OBS).setValue("F1/HGB") : null);

		assertThat(merged.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.CORRECTED);
		assertThat(merged.getResult()).extracting(Reference::getReference).containsExactly("Observation/1",
				"urn:uuid:0f1e2d3c-4b5a-4697-8877-665544332211", "Observation/3", "urn:uuid:1f1e2d3c-4b5a-4697-8877-665544332211");
	}

	@Test
	void aLatePreliminaryReportDoesNotUndoTheFinalOneButAddsAResultItLacked() {
		DiagnosticReport stored = new DiagnosticReport();
		stored.setStatus(DiagnosticReport.DiagnosticReportStatus.FINAL);
		stored.setConclusion("正常");
		stored.addResult(result("Observation/1", "F1/WBC"));
		DiagnosticReport sent = new DiagnosticReport();
		sent.setStatus(DiagnosticReport.DiagnosticReportStatus.PRELIMINARY);
		sent.setConclusion("待复核");
		sent.addResult(result("urn:uuid:2f1e2d3c-4b5a-4697-8877-665544332211", "F1/PLT"));

		DiagnosticReport merged = (DiagnosticReport) merge.merge(stored, sent, update(), true, url -> null);

		assertThat(merged.getStatus()).isEqualTo(DiagnosticReport.DiagnosticReportStatus.FINAL);
		assertThat(merged.getConclusion()).isEqualTo("正常");
		assertThat(merged.getResult()).hasSize(2);
	}

	private static Reference result(String reference, String key) {
		return new Reference(reference).setIdentifier(new Identifier().setSystem(OBS).setValue(key));
	}

	private static Patient registered() {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(MRN).setValue("M1");
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue("330102198001150023");
		patient.addName().setText("欧阳娜娜");
		patient.setGender(Enumerations.AdministrativeGender.FEMALE);
		patient.addAddress().setCity("示范县").addLine("城关镇解放路12号");
		patient.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue("13800138000").setUse(ContactPoint.ContactPointUse.HOME);
		return patient;
	}

	private static FeedUpdate update() {
		return new FeedUpdate(new Identifier().setSystem(MRN).setValue("M1"), Instant.parse("2025-03-02T00:00:00Z"), Duration.ZERO);
	}
}
