package org.countyhub.server.prescription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.countyhub.server.prescription.PrescriptionMessages.idCard;
import static org.countyhub.server.prescription.PrescriptionMessages.registration;
import static org.countyhub.server.prescription.PrescriptionMessages.unique;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.countyhub.server.support.TestClock;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SupplyDelivery;
import org.hl7.fhir.r4.model.SupplyRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 25 on the embedded database: the story (see {@link PrescriptionStory}); a child's dose over the paediatric
 * limit; a clean prescription of a unit the policy auto-approves; the CDS {@code order-sign} card for a duplicate
 * at another unit; a return without a known reason refused; an overdue review escalated (clock set, never waited
 * for); a 缺药登记 supplied to the patient by the central pharmacy; the figures.
 */
class PrescriptionOnH2Test extends HubServerTest implements PrescriptionStory {

	@Autowired
	private TestClock clock;

	@Autowired
	private ProducerTemplate camel;

	@Override
	public IGenericClient client() {
		return client;
	}

	@AfterEach
	void resetClock() {
		clock.reset();
	}

	private Reference registered(String unit, String birthDate, String allergen) {
		String card = idCard();
		assertAck(send(registration(unit, unique("M"), card, "周^小明", birthDate, "M", allergen)));
		return patientAt(card, unit);
	}

	private MedicationRequest prescribe(IGenericClient as, MedicationRequest order) {
		return (MedicationRequest) as.create().resource(order).execute().getResource();
	}

	@Test
	void aChildsDoseOverThePaediatricLimitIsFlaggedAndHeldEvenWhereCleanPrescriptionsAreAutoApproved() {
		Reference child = registered("WSY02", "20200601", null);
		MedicationRequest overdose = prescribe(clinician("WSY02"),
				PrescriptionStory.order(child, "WSY02", "amoxicillin-cap-250", "阿莫西林胶囊", 750, "TID"));
		assertThat(overdose.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ONHOLD);
		// 750 mg three times a day: over the child's single (500 mg) and daily (2000 mg) limits
		assertThat(standingIssues(overdose)).hasSize(2).allSatisfy(issue -> {
			assertThat(issue.getCode().getCodingFirstRep().getCode()).isEqualTo("DOSEHINDA");
			assertThat(issue.getDetail()).contains("儿童（6岁）");
		}).anySatisfy(issue -> assertThat(issue.getDetail()).contains("单次上限500mg"));
		assertThat(reviewOf(withGroup(overdose)).getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);

		Reference adult = registered("WSY02", "19700101", null);
		MedicationRequest clean = prescribe(clinician("WSY02"),
				PrescriptionStory.order(adult, "WSY02", "amoxicillin-cap-250", "阿莫西林胶囊", 500, "TID"));
		assertThat(clean.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
		Task auto = reviewOf(withGroup(clean));
		assertThat(auto.getStatus()).isEqualTo(Task.TaskStatus.COMPLETED);
		assertThat(auto.getBusinessStatus().getText()).isEqualTo("自动通过");
	}

	@Test
	void theOrderSignCardNamesTheOtherUnitsPrescriptionOfTheSameTherapy() throws Exception {
		String card = idCard();
		assertAck(send(registration("XRMYY", unique("M"), card, "吴^刚", "19600101", "M", null)));
		assertAck(send(registration("WSY01", unique("M"), card, "吴^刚", "19600101", "M", null)));
		Reference county = patientAt(card, "XRMYY");
		Reference township = patientAt(card, "WSY01");
		prescribe(clinician("XRMYY"), PrescriptionStory.order(county, "XRMYY", "nifedipine-tab-30", "硝苯地平控释片", 30,
				"QD"));

		MedicationRequest draft = PrescriptionStory.order(township, "WSY01", "amlodipine-tab-5", "苯磺酸氨氯地平片", 5, "QD");
		draft.setId("draft-1");
		draft.setStatus(MedicationRequest.MedicationRequestStatus.DRAFT);
		Bundle drafts = new Bundle().setType(Bundle.BundleType.COLLECTION);
		drafts.addEntry().setResource(draft);
		String hook = "{\"hookInstance\":\"" + UUID.randomUUID() + "\",\"hook\":\"order-sign\",\"context\":{"
				+ "\"userId\":\"Practitioner/demo-clinician-wsy01\",\"patientId\":\""
				+ township.getReference().replace("Patient/", "") + "\",\"draftOrders\":"
				+ FhirContext.forR4Cached().newJsonParser().encodeResourceToString(drafts) + "}}";
		HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
						URI.create(baseUrl() + "/cds-services/prescription-order-sign"))
				.header("Content-Type", "application/json")
				.header("Authorization", "Bearer " + tokenAs(List.of(Roles.CLINICIAN), "WSY01"))
				.POST(HttpRequest.BodyPublishers.ofString(hook, StandardCharsets.UTF_8)).build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("重复用药").contains("示范县人民医院").contains("硝苯地平控释片")
				.containsPattern("\"indicator\"\\s*:\\s*\"warning\"").contains("撤销本次");
	}

	@Test
	void aReturnNeedsAKnownReasonAndAReviewPastItsTimeLimitIsEscalatedOnce() {
		Reference patient = registered("WSY01", "19700101", null);
		MedicationRequest order = prescribe(clinician("WSY01"),
				PrescriptionStory.order(patient, "WSY01", "loratadine-tab-10", "氯雷他定片", 10, "QD"));
		Task review = reviewOf(withGroup(order));
		IGenericClient centre = clientWith(tokenAs(List.of(Roles.PHARMACIST), "XRMYY"));
		Parameters unknown = new Parameters();
		unknown.addParameter("reason", new CodeType("too-expensive"));
		assertThatThrownBy(() -> decide(centre, review.getIdElement().getIdPart(), "$return-prescription", unknown))
				.isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.getMessage()).contains("HUB-5874"));

		clock.set(review.getRestriction().getPeriod().getEnd().toInstant().plus(1, ChronoUnit.MINUTES));
		camel.sendBody(OverdueReviews.OVERDUE, null);
		Task overdue = reviewOf(withGroup(order));
		assertThat(overdue.getBusinessStatus().getText()).isEqualTo("审方超时");
		assertThat(overdue.getPriority()).isEqualTo(Task.TaskPriority.URGENT);
		assertThat(overdue.getRestriction().getRecipient()).extracting(Reference::getReference)
				.containsExactly("Organization/SFXYGT");
		camel.sendBody(OverdueReviews.OVERDUE, null);
		assertThat(reviewOf(withGroup(order)).getRestriction().getRecipient()).hasSize(1);
		clock.reset();
		Task approved = decide(centre, review.getIdElement().getIdPart(), "$approve-prescription", new Parameters());
		assertThat(approved.getBusinessStatus().getText()).isEqualTo("审核通过");
	}

	@Test
	void anApprovedOrderChangedAfterwardsIsHeldAndReviewedAgainBeforeItIsDispensed() {
		Reference patient = registered("WSY01", "19700101", null);
		IGenericClient township = clinician("WSY01");
		MedicationRequest order = prescribe(township,
				PrescriptionStory.order(patient, "WSY01", "loratadine-tab-10", "氯雷他定片", 10, "QD"));
		IGenericClient centre = clientWith(tokenAs(List.of(Roles.PHARMACIST), "XRMYY"));
		String review = reviewOf(withGroup(order)).getIdElement().getIdPart();
		decide(centre, review, "$approve-prescription", new Parameters());
		MedicationRequest approved = read(order);
		assertThat(approved.getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);

		// the HIS doubles the dose after the approval: held again, the review reopened, nothing handed out meanwhile
		approved.getDosageInstructionFirstRep().getDoseAndRateFirstRep().getDoseQuantity().setValue(20);
		township.update().resource(approved).execute();
		assertThat(read(order).getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ONHOLD);
		Task reopened = reviewOf(withGroup(order));
		assertThat(reopened.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);
		assertThat(reopened.getBusinessStatus().getText()).isEqualTo("待审核");
		IGenericClient townshipPharmacy = clientWith(tokenAs(List.of(Roles.PHARMACIST), "WSY01"));
		assertThatThrownBy(() -> townshipPharmacy.create().resource(PrescriptionStory.dispense(read(order))).execute())
				.isInstanceOfSatisfying(ResourceVersionConflictException.class,
						e -> assertThat(e.getMessage()).contains("HUB-5880"));

		decide(centre, review, "$approve-prescription", new Parameters());
		assertThat(read(order).getStatus()).isEqualTo(MedicationRequest.MedicationRequestStatus.ACTIVE);
	}

	@Test
	void anOutOfStockDrugIsRegisteredSuppliedToThePatientByTheCentralPharmacyAndCounted() throws Exception {
		Reference patient = registered("WSY01", "19700101", null);
		IGenericClient township = clinician("WSY01");
		SupplyRequest registration = new SupplyRequest();
		registration.setStatus(SupplyRequest.SupplyRequestStatus.ACTIVE);
		registration.setCategory(new CodeableConcept(new Coding(Shortages.KIND, "nonstock", null)).setText("缺药登记"));
		registration.setItem(new CodeableConcept(new Coding(HubSystems.FORMULARY_DRUG, "atorvastatin-tab-20",
				"阿托伐他汀钙片")));
		registration.setQuantity(new Quantity().setValue(28).setUnit("片"));
		registration.setRequester(new Reference("Organization/WSY01"));
		registration.setDeliverTo(patient);
		String id = township.create().resource(registration).execute().getId().getIdPart();

		IGenericClient centre = clientWith(tokenAs(List.of(Roles.PHARMACIST), "XRMYY"));
		List<String> worklist = centre.search().forResource(SupplyRequest.class)
				.where(SupplyRequest.SUPPLIER.hasId("Organization/XRMYY"))
				.and(SupplyRequest.STATUS.exactly().code("active"))
				.and(SupplyRequest.CATEGORY.exactly().systemAndCode(Shortages.KIND, "nonstock"))
				.returnBundle(Bundle.class).execute().getEntry().stream()
				.map(e -> e.getResource().getIdElement().getIdPart()).toList();
		assertThat(worklist).contains(id);

		Parameters toPatient = new Parameters();
		toPatient.addParameter("mode", new CodeType("patient"));
		SupplyDelivery delivery = centre.operation().onInstance("SupplyRequest/" + id).named("$supply-shortage")
				.withParameters(toPatient).returnResourceType(SupplyDelivery.class).execute();
		assertThat(delivery.getStatus()).isEqualTo(SupplyDelivery.SupplyDeliveryStatus.INPROGRESS);
		assertThat(delivery.getPatient().getReference()).isEqualTo(patient.getReference());
		SupplyRequest delivered = centre.operation().onInstance("SupplyRequest/" + id).named("$deliver-shortage")
				.withNoParameters(Parameters.class).returnResourceType(SupplyRequest.class).execute();
		assertThat(delivered.getStatus()).isEqualTo(SupplyRequest.SupplyRequestStatus.COMPLETED);

		String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
		HttpResponse<String> figures = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
						URI.create(baseUrl() + "/prescriptions/figures?month=" + month + "&unit=WSY01"))
				.header("Authorization", bearerAs(Roles.BUREAU_ANALYST)).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(figures.statusCode()).as(figures.body()).isEqualTo(200);
		assertThat(figures.body()).containsPattern("\"shortagesFulfilled\"\\s*:\\s*[1-9]")
				.containsPattern("\"prescriptions\"\\s*:\\s*[1-9]");
		HttpResponse<String> csv = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
						URI.create(baseUrl() + "/prescriptions/figures.csv?month=" + month))
				.header("Authorization", bearerAs(Roles.PHARMACIST)).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(csv.body()).startsWith("\uFEFFmonth,unit,unit_name,prescriptions").contains(",WSY01,");
		HttpResponse<String> clinicianAsks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
						URI.create(baseUrl() + "/prescriptions/figures?month=" + month))
				.header("Authorization", bearerAs(Roles.CLINICIAN)).GET().build(),
				HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		assertThat(clinicianAsks.statusCode()).isEqualTo(403);
	}

	/** The order as stored, with its prescription: a REST order without groupIdentifier is its own prescription. */
	private static MedicationRequest withGroup(MedicationRequest order) {
		if (!order.hasGroupIdentifier()) {
			order.setGroupIdentifier(PrescriptionReviews.prescriptionOf(order));
		}
		return order;
	}
}
