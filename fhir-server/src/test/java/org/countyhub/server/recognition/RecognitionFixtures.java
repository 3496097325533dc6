package org.countyhub.server.recognition;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Quantity;

/**
 * Member units, patients and reports for the recognition tests and the benchmark, written over FHIR REST as a
 * unit's system would. Every unit and patient is new (unique ids), so tests share one database safely.
 */
public final class RecognitionFixtures {

	private static final AtomicLong SEQUENCE = new AtomicLong(System.currentTimeMillis() % 100_000);

	private final IGenericClient client;

	public RecognitionFixtures(IGenericClient client) {
		this.client = client;
	}

	public static String unique() {
		return Long.toString(SEQUENCE.incrementAndGet(), 36).toUpperCase();
	}

	public static Coding catalogue(String code) {
		return new Coding(HubSystems.RECOGNITION_CATALOGUE, code, null);
	}

	/** A new member unit, qualified (质控合格) for the items from..to (dates; null = open). */
	public String unit(String name, String from, String to, String... items) {
		String id = "RT" + unique();
		client.update().resource(organization(id, name, from, to, items)).execute();
		return id;
	}

	/** Replaces the unit's qualification (no items = none at all). */
	public void qualify(String unitId, String name, String from, String to, String... items) {
		client.update().resource(organization(unitId, name, from, to, items)).execute();
	}

	private static Organization organization(String id, String name, String from, String to, String... items) {
		Organization org = new Organization();
		org.setId(id);
		org.getMeta().addProfile(HubSystems.MEMBER_UNIT_PROFILE);
		org.addIdentifier().setSystem(HubSystems.HL7_FACILITY_CODE).setValue(id);
		org.setActive(true);
		org.setName(name);
		org.addType(new CodeableConcept(new Coding(HubSystems.UNIT_TYPE, "township-centre", "乡镇卫生院")));
		org.setPartOf(new org.hl7.fhir.r4.model.Reference("Organization/SFXYGT"));
		if (items.length > 0) {
			Extension qualification = org.addExtension().setUrl(HubSystems.RECOGNITION_QUALIFICATION_EXTENSION);
			for (String item : items) {
				qualification.addExtension("item", catalogue(item));
			}
			Period period = new Period();
			period.setStartElement(new DateTimeType(from != null ? from : "2000-01-01"));
			if (to != null) {
				period.setEndElement(new DateTimeType(to));
			}
			qualification.addExtension("period", period);
			qualification.addExtension("level", new CodeType("county"));
		}
		return org;
	}

	/** A Patient record at the unit, with the person's resident ID card number and a unit MRN. */
	public String patient(String unitId, String idCard, String name) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(idCard);
		patient.addIdentifier().setSystem(HubSystems.unitPatientNumber(unitId)).setValue("MRN" + unique());
		patient.addName().setText(name);
		patient.setGender(org.hl7.fhir.r4.model.Enumerations.AdministrativeGender.UNKNOWN);
		patient.setManagingOrganization(new Reference("Organization/" + unitId));
		return client.create().resource(patient).execute().getId().toUnqualifiedVersionless().getValue();
	}

	/** A report whose own code gives the item(s). */
	public String report(
			String patientId, String unitId, DiagnosticReport.DiagnosticReportStatus status, String effective,
			Coding... codes) {
		return client.create().resource(newReport(patientId, unitId, status, effective, codes)).execute()
				.getId().toUnqualifiedVersionless().getValue();
	}

	public static DiagnosticReport newReport(
			String patientId, String unitId, DiagnosticReport.DiagnosticReportStatus status, String effective,
			Coding... codes) {
		DiagnosticReport report = new DiagnosticReport();
		report.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + unitId + "/sid/lab-report")
				.setValue("R" + unique());
		report.setStatus(status);
		report.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", null)));
		CodeableConcept code = new CodeableConcept();
		for (Coding coding : codes) {
			code.addCoding(coding);
		}
		report.setCode(code);
		report.setSubject(new Reference(patientId));
		report.setEffective(new DateTimeType(effective));
		report.addPerformer(new Reference("Organization/" + unitId));
		return report;
	}

	/** A lab panel (生化): one Observation per catalogue item, the report's own code being a local panel code. */
	public String panel(String patientId, String unitId, String effective, String... items) {
		List<Reference> results = new ArrayList<>();
		for (String item : items) {
			Observation obs = new Observation();
			obs.setStatus(Observation.ObservationStatus.FINAL);
			obs.getCode().addCoding(catalogue(item));
			obs.setSubject(new Reference(patientId));
			obs.setEffective(new DateTimeType(effective));
			obs.addPerformer(new Reference("Organization/" + unitId));
			obs.setValue(new Quantity().setValue(4.2).setUnit("mmol/L"));
			results.add(new Reference(client.create().resource(obs).execute().getId().toUnqualifiedVersionless()));
		}
		DiagnosticReport report = newReport(patientId, unitId, DiagnosticReport.DiagnosticReportStatus.FINAL,
				effective, new Coding(HubSystems.unitItemCodes(unitId), "SH-01", "生化常规"));
		report.getCode().setText("生化常规");
		report.setResult(results);
		return client.create().resource(report).execute().getId().toUnqualifiedVersionless().getValue();
	}

	/** A single result sent without a report (e.g. a potassium from a point-of-care analyser), coded by its item. */
	public String observation(
			String patientId, String unitId, Observation.ObservationStatus status, String effective, Coding code) {
		Observation obs = new Observation();
		obs.addIdentifier().setSystem(HubSystems.CANONICAL_BASE + "/unit/" + unitId + "/sid/lab-result")
				.setValue("O" + unique());
		obs.setStatus(status);
		obs.addCategory(new CodeableConcept(new Coding(
				"http://terminology.hl7.org/CodeSystem/observation-category", "laboratory", null)));
		obs.getCode().addCoding(code);
		obs.setSubject(new Reference(patientId));
		obs.setEffective(new DateTimeType(effective));
		obs.addPerformer(new Reference("Organization/" + unitId));
		obs.setValue(new Quantity().setValue(4.1).setUnit("mmol/L"));
		return client.create().resource(obs).execute().getId().toUnqualifiedVersionless().getValue();
	}

	public Observation readObservation(String observationId) {
		return client.read().resource(Observation.class).withId(observationId).execute();
	}

	public DiagnosticReport read(String reportId) {
		return client.read().resource(DiagnosticReport.class).withId(reportId).execute();
	}
}
