package org.countyhub.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.identity.UnitRecords.newIdCard;
import static org.countyhub.server.identity.UnitRecords.newMrn;
import static org.countyhub.server.identity.UnitRecords.person;

import ca.uhn.fhir.mdm.api.MdmConstants;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.security.token.Roles;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/**
 * One person across member units, run on each database (see the implementing classes). Units write over FHIR
 * REST the way the HL7 feed's translation does; MDM links asynchronously, so tests wait for the links.
 */
interface PersonAcrossUnitsSuite {

	IGenericClient client();

	String fhirUrl();

	/** Authorization header value of the suite's default token. */
	String bearer();

	/** Authorization header value of a person with this one role. */
	String bearerAs(String role);

	/** A real token of a person with these roles acting for these units. */
	String tokenAs(List<String> roles, String... units);

	/** A FHIR client that sends this token. */
	IGenericClient clientWith(String token);

	Duration MDM_WAIT = Duration.ofSeconds(90);

	@Test
	default void sameIdCardAtThreeUnitsIsOnePersonAndHistoryFromAnyUnitHasEveryResultOnce() {
		UnitRecords units = new UnitRecords(client());
		String idCard = newIdCard();
		// The county hospital has the name in characters, the TCM hospital with a stray space, the township in pinyin.
		IIdType atXzyy = units.register("XZYY", newMrn(), person("李秀英", "1962-03-04", AdministrativeGender.FEMALE, "13900001111", idCard));
		IIdType atXrmyy = units.register("XRMYY", newMrn(), person("李 秀英", "1962-03-04", AdministrativeGender.FEMALE, null, idCard));
		IIdType atWsy01 = units.register("WSY01", newMrn(), person("Li Xiuying", "1962-03-04", AdministrativeGender.FEMALE, "0571-1234", idCard));
		Set<String> results = Set.of(
				units.result("XZYY", atXzyy, "LAB", daysAgo(30)).getValue(),
				units.result("XZYY", atXzyy, "RAD", daysAgo(10)).getValue(),
				units.result("XRMYY", atXrmyy, "LAB", daysAgo(20)).getValue(),
				units.result("XRMYY", atXrmyy, "EC", daysAgo(5)).getValue(),
				units.result("WSY01", atWsy01, "LAB", daysAgo(40)).getValue(),
				units.result("WSY01", atWsy01, "LAB", daysAgo(1)).getValue());

		String golden = awaitMatched(atXzyy);
		assertThat(awaitMatched(atXrmyy)).isEqualTo(golden);
		assertThat(awaitMatched(atWsy01)).isEqualTo(golden);

		for (IIdType start : List.of(atXzyy, atXrmyy, atWsy01)) {
			Bundle history = history("Patient/" + start.getIdPart() + "/$history-across-units?_count=50");
			assertThat(ids(history)).containsExactlyInAnyOrderElementsOf(results);
			assertThat(history.getEntry()).hasSize(6);
			assertNewestFirst(history);
			assertThat(history.getEntry()).allSatisfy(entry -> assertThat(
					entry.getExtensionByUrl(HubSystems.PERFORMING_UNIT)).isNotNull());
		}
		Bundle first = history("Patient/" + atXzyy.getIdPart() + "/$history-across-units?_count=50");
		assertThat(first.getEntry().stream()
						.map(e -> ((Reference) e.getExtensionByUrl(HubSystems.PERFORMING_UNIT).getValue()).getReference())
						.collect(Collectors.toSet()))
				.containsExactlyInAnyOrder("Organization/XZYY", "Organization/XRMYY", "Organization/WSY01");
		// with the unit's name, as its Organization has it
		assertThat(first.getEntry()).allSatisfy(e -> assertThat(
				((Reference) e.getExtensionByUrl(HubSystems.PERFORMING_UNIT).getValue()).getDisplay()).isNotBlank());

		// The same person found by ID card, and by a unit's MRN with the unit
		assertThat(ids(history("Patient/$history-across-units?_count=50&identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + idCard)))
				.containsExactlyInAnyOrderElementsOf(results);
		String township = client().read().resource(Patient.class).withId(atWsy01).execute().getIdentifierFirstRep().getValue();
		assertThat(ids(history("Patient/$history-across-units?_count=50&mrn=" + township + "&mrn-unit=WSY01")))
				.containsExactlyInAnyOrderElementsOf(results);

		// Plain HAPI searches with MDM expansion agree
		assertThat(ids(history("DiagnosticReport?_count=50&patient:mdm=Patient/" + atWsy01.getIdPart())))
				.containsExactlyInAnyOrderElementsOf(results);
		assertThat(ids(history("Patient/" + atXrmyy.getIdPart() + "/$everything?_mdm=true&_count=100")))
				.containsAll(results);
		// The International Patient Summary covers every unit's results
		Bundle summary = history("Patient/" + atXzyy.getIdPart() + "/$summary");
		assertThat(summary.getEntry().stream().map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.collect(Collectors.toSet())).containsAll(results);

		// A unit's HIS searching for the person sees the three registrations, no golden record
		Bundle byIdCard = history("Patient?identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + idCard);
		assertThat(ids(byIdCard)).containsExactlyInAnyOrder(atXzyy.getValue(), atXrmyy.getValue(), atWsy01.getValue());
		// and counts them so (a count is decided in the query, not in the answer)
		assertThat(history("Patient?identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + idCard + "&_summary=count")
				.getTotal()).isEqualTo(3);
		Bundle byBirthDate = history("Patient?birthdate=1962-03-04&_count=200");
		assertThat(byBirthDate.getEntry()).noneMatch(e -> isGolden((Patient) e.getResource()));
		assertThat(ids(byBirthDate)).doesNotContain("Patient/" + golden);
	}

	@Test
	default void historyFiltersByCategoryDateAndPerformingUnitAndPages() {
		UnitRecords units = new UnitRecords(client());
		String idCard = newIdCard();
		IIdType atXzyy = units.register("XZYY", newMrn(), person("周建国", "1955-07-08", AdministrativeGender.MALE, null, idCard));
		IIdType atWsy02 = units.register("WSY02", newMrn(), person("周建国", "1955-07-08", AdministrativeGender.MALE, null, idCard));
		IIdType lab = units.result("XZYY", atXzyy, "LAB", daysAgo(100));
		IIdType ecg = units.result("WSY02", atWsy02, "EC", daysAgo(50));
		IIdType recentLab = units.result("WSY02", atWsy02, "LAB", daysAgo(2));
		assertThat(awaitMatched(atWsy02)).isEqualTo(awaitMatched(atXzyy));

		String base = "Patient/" + atXzyy.getIdPart() + "/$history-across-units";
		assertThat(ids(history(base + "?category=lab"))).containsExactly(recentLab.getValue(), lab.getValue());
		assertThat(ids(history(base + "?category=ecg"))).containsExactly(ecg.getValue());
		assertThat(ids(history(base + "?performer=WSY02"))).containsExactly(recentLab.getValue(), ecg.getValue());
		assertThat(ids(history(base + "?date=ge" + isoDate(daysAgo(60)) + "&date=le" + isoDate(daysAgo(10)))))
				.containsExactly(ecg.getValue());

		Bundle page1 = history(base + "?_count=2");
		assertThat(ids(page1)).containsExactly(recentLab.getValue(), ecg.getValue());
		assertThat(page1.getLink("next")).as(() -> client().getFhirContext().newJsonParser().encodeResourceToString(page1)).isNotNull();
		Bundle page2 = client().fetchResourceFromUrl(Bundle.class, page1.getLink("next").getUrl());
		assertThat(ids(page2)).containsExactly(lab.getValue());
		assertThat(page2.getLink("next")).isNull();
	}

	@Test
	default void historyPagedFiveAtATimeIsTheWholeHistoryNewestFirst() {
		UnitRecords units = new UnitRecords(client());
		String idCard = newIdCard();
		IIdType atXzyy = units.register("XZYY", newMrn(), person("钱多多", "1970-01-02", AdministrativeGender.FEMALE, null, idCard));
		IIdType atWsy01 = units.register("WSY01", newMrn(), person("钱多多", "1970-01-02", AdministrativeGender.FEMALE, null, idCard));
		// three kinds of record, interleaved in time, at two units
		for (int i = 0; i < 14; i++) {
			units.result("XZYY", atXzyy, "LAB", daysAgo(3 * i + 1));
		}
		for (int i = 0; i < 6; i++) {
			units.result("WSY01", atWsy01, "EC", daysAgo(7 * i + 2));
		}
		for (int i = 0; i < 8; i++) {
			org.hl7.fhir.r4.model.Encounter visit = new org.hl7.fhir.r4.model.Encounter();
			visit.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
			visit.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
			visit.setSubject(new Reference(atWsy01));
			visit.setServiceProvider(new Reference("Organization/WSY01"));
			visit.getPeriod().setStart(daysAgo(5 * i + 3));
			client().create().resource(visit).execute();
		}
		assertThat(awaitMatched(atWsy01)).isEqualTo(awaitMatched(atXzyy));

		String base = "Patient/" + atXzyy.getIdPart() + "/$history-across-units";
		Bundle whole = history(base + "?_count=50");
		assertThat(ids(whole)).hasSize(28);
		List<Date> dates = whole.getEntry().stream().map(e -> {
			org.hl7.fhir.r4.model.Resource r = e.getResource();
			return r instanceof org.hl7.fhir.r4.model.Encounter enc ? enc.getPeriod().getStart()
					: ((org.hl7.fhir.r4.model.DiagnosticReport) r).getEffectiveDateTimeType().getValue();
		}).toList();
		assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());

		List<String> paged = new java.util.ArrayList<>();
		Bundle page = history(base + "?_count=5");
		int pages = 1;
		paged.addAll(ids(page));
		while (page.getLink("next") != null) {
			page = client().fetchResourceFromUrl(Bundle.class, page.getLink("next").getUrl());
			paged.addAll(ids(page));
			pages++;
		}
		assertThat(pages).isEqualTo(6);
		assertThat(paged).isEqualTo(ids(whole));
		// a page size that is not a divisor: the same first items as the whole
		assertThat(ids(history(base + "?_count=9"))).isEqualTo(ids(whole).subList(0, 9));
	}

	@Test
	default void resultsOfOneVisitShareADateAndPagesStillGiveEachOnceAndADeletedOneIsGone() {
		UnitRecords units = new UnitRecords(client());
		String idCard = newIdCard();
		IIdType atXzyy = units.register("XZYY", newMrn(), person("孙同日", "1982-11-30", AdministrativeGender.MALE, null, idCard));
		IIdType atWsy02 = units.register("WSY02", newMrn(), person("孙同日", "1982-11-30", AdministrativeGender.MALE, null, idCard));
		// one morning's reports at two units carry the same result time: every page boundary falls inside the tie
		Date sameMorning = daysAgo(4);
		List<String> posted = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			posted.add(units.result("XZYY", atXzyy, "LAB", sameMorning).getValue());
			posted.add(units.result("WSY02", atWsy02, "LAB", sameMorning).getValue());
		}
		IIdType older = units.result("XZYY", atXzyy, "LAB", daysAgo(30));
		// a visit that names no unit: the history marks it with the unit that registered its Patient
		org.hl7.fhir.r4.model.Encounter visit = new org.hl7.fhir.r4.model.Encounter();
		visit.setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.FINISHED);
		visit.getClass_().setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode").setCode("AMB");
		visit.setSubject(new Reference(atWsy02));
		visit.getPeriod().setStart(daysAgo(40));
		IIdType unnamed = client().create().resource(visit).execute().getId().toUnqualifiedVersionless();
		assertThat(awaitMatched(atWsy02)).isEqualTo(awaitMatched(atXzyy));

		String base = "Patient/" + atWsy02.getIdPart() + "/$history-across-units";
		List<String> whole = ids(history(base + "?_count=50"));
		assertThat(whole.subList(0, 8)).containsExactlyInAnyOrderElementsOf(posted);
		assertThat(whole).hasSize(10).doesNotHaveDuplicates().endsWith(older.getValue(), unnamed.getValue());
		Bundle.BundleEntryComponent visitEntry = history(base + "?_count=50").getEntry().get(9);
		assertThat(((Reference) visitEntry.getExtensionByUrl(HubSystems.PERFORMING_UNIT).getValue()).getReference())
				.isEqualTo("Organization/WSY02");
		List<String> paged = new java.util.ArrayList<>();
		for (int offset = 0; offset < 10; offset += 3) {
			paged.addAll(ids(history(base + "?_count=3&_offset=" + offset)));
		}
		assertThat(paged).isEqualTo(whole);

		client().delete().resourceById(new org.hl7.fhir.r4.model.IdType(posted.get(0))).execute();
		List<String> afterDelete = ids(history(base + "?_count=50"));
		assertThat(afterDelete).hasSize(9).doesNotContain(posted.get(0));
	}

	@Test
	default void sameNameAndBirthDateWithDifferentIdCardsAreNeverLinked() {
		UnitRecords units = new UnitRecords(client());
		// Everything alike (a common name, same day, same family phone) except the ID card
		IIdType first = units.register("XZYY", newMrn(), person("王伟", "1988-08-08", AdministrativeGender.MALE, "13811112222", newIdCard()));
		IIdType second = units.register("WSY01", newMrn(), person("王伟", "1988-08-08", AdministrativeGender.MALE, "13811112222", newIdCard()));
		IIdType firstResult = units.result("XZYY", first, "LAB", daysAgo(3));
		IIdType secondResult = units.result("WSY01", second, "LAB", daysAgo(4));

		String firstPerson = awaitMatched(first);
		String secondPerson = awaitMatched(second);
		assertThat(firstPerson).isNotEqualTo(secondPerson);
		assertThat(links(second)).noneMatch(link -> link.golden().equals(firstPerson));
		assertThat(links(first)).noneMatch(link -> link.golden().equals(secondPerson));

		assertThat(ids(history("Patient/" + first.getIdPart() + "/$history-across-units"))).containsExactly(firstResult.getValue());
		assertThat(ids(history("Patient/" + second.getIdPart() + "/$history-across-units"))).containsExactly(secondResult.getValue());
	}

	@Test
	default void idCardWithWrongCheckDigitIsFlaggedAndNeverLinks() {
		UnitRecords units = new UnitRecords(client());
		String wrong = UnitRecords.withWrongCheckDigit(newIdCard());
		IIdType first = units.register("XZYY", newMrn(), person("陈红", "1970-01-02", AdministrativeGender.FEMALE, null, wrong));
		IIdType second = units.register("XRMYY", newMrn(), person("刘明", "1981-05-06", AdministrativeGender.MALE, null, wrong));

		Patient stored = client().read().resource(Patient.class).withId(first).execute();
		assertThat(stored.getIdentifier()).filteredOn(i -> HubSystems.RESIDENT_ID_CARD.equals(i.getSystem()))
				.singleElement()
				.satisfies(i -> {
					assertThat(i.getValue()).isEqualTo(wrong);
					assertThat(i.getExtensionByUrl(HubSystems.ID_CARD_CHECK_FAILED)).isNotNull();
				});
		assertThat(awaitMatched(first)).isNotEqualTo(awaitMatched(second));
	}

	@Test
	default void possibleMatchAcceptedJoinsTheHistories() {
		UnitRecords units = new UnitRecords(client());
		String phone = "137" + (System.nanoTime() % 100_000_000);
		// The county hospital knows the ID card; the village clinic registered the same person in pinyin without it.
		IIdType county = units.register("XZYY", newMrn(), person("张秀兰", "1949-10-01", AdministrativeGender.FEMALE, phone, newIdCard()));
		IIdType countyResult = units.result("XZYY", county, "LAB", daysAgo(9));
		String person = awaitMatched(county);
		IIdType village = units.register("CWS0101", newMrn(), person("Zhang Xiulan", "1949-10-01", AdministrativeGender.FEMALE, phone, null));
		IIdType villageResult = units.result("CWS0101", village, "LAB", daysAgo(8));

		Link possible = awaitLink(village, "POSSIBLE_MATCH");
		assertThat(possible.golden()).isEqualTo(person);
		assertThat(reviewList()).anyMatch(link -> link.source().equals(village.getValue()));
		assertThat(ids(history("Patient/" + county.getIdPart() + "/$history-across-units"))).containsExactly(countyResult.getValue());

		updateLink(person, village, "MATCH");

		assertThat(ids(history("Patient/" + county.getIdPart() + "/$history-across-units")))
				.containsExactly(villageResult.getValue(), countyResult.getValue());
		assertThat(ids(history("Patient/" + village.getIdPart() + "/$history-across-units")))
				.containsExactly(villageResult.getValue(), countyResult.getValue());
	}

	@Test
	default void possibleMatchRejectedStaysApart() {
		UnitRecords units = new UnitRecords(client());
		String phone = "136" + (System.nanoTime() % 100_000_000);
		IIdType county = units.register("XRMYY", newMrn(), person("王芳", "1990-12-12", AdministrativeGender.FEMALE, phone, newIdCard()));
		IIdType countyResult = units.result("XRMYY", county, "LAB", daysAgo(9));
		String person = awaitMatched(county);
		// Same characters, no ID card: a possible match only
		IIdType township = units.register("WSY02", newMrn(), person("王芳", "1990-12-12", AdministrativeGender.FEMALE, phone, null));
		IIdType townshipResult = units.result("WSY02", township, "LAB", daysAgo(8));
		assertThat(awaitLink(township, "POSSIBLE_MATCH").golden()).isEqualTo(person);

		updateLink(person, township, "NO_MATCH");

		String own = awaitMatched(township);
		assertThat(own).isNotEqualTo(person);
		assertThat(ids(history("Patient/" + county.getIdPart() + "/$history-across-units"))).containsExactly(countyResult.getValue());
		assertThat(ids(history("Patient/" + township.getIdPart() + "/$history-across-units"))).containsExactly(townshipResult.getValue());
	}

	@Test
	default void unitMergeA40IsFollowedAndHistoryFromAnotherUnitStaysRight() {
		UnitRecords units = new UnitRecords(client());
		String idCard = newIdCard();
		// The township registered the person twice: once with the ID card, once (later) without it and another phone.
		IIdType survivor = units.register("WSY01", newMrn(), person("赵志强", "1966-06-16", AdministrativeGender.MALE, "13500000001", idCard));
		IIdType duplicate = units.register("WSY01", newMrn(), person("赵志强", "1966-06-16", AdministrativeGender.MALE, "13500000002", null));
		IIdType county = units.register("XZYY", newMrn(), person("赵志强", "1966-06-16", AdministrativeGender.MALE, null, idCard));
		Set<String> results = Set.of(
				units.result("WSY01", survivor, "LAB", daysAgo(30)).getValue(),
				units.result("WSY01", duplicate, "LAB", daysAgo(20)).getValue(),
				units.result("XZYY", county, "RAD", daysAgo(10)).getValue());
		String person = awaitMatched(survivor);
		assertThat(awaitMatched(county)).isEqualTo(person);
		assertThat(awaitMatched(duplicate)).isNotEqualTo(person);
		assertThat(ids(history("Patient/" + county.getIdPart() + "/$history-across-units"))).hasSize(2);

		// A40 as the adapters write it: the duplicate is retired, replaced by the survivor
		Patient retired = client().read().resource(Patient.class).withId(duplicate).execute();
		retired.setActive(false);
		retired.addLink().setType(Patient.LinkType.REPLACEDBY).setOther(new Reference(survivor));
		client().update().resource(retired).execute();

		await().atMost(MDM_WAIT).untilAsserted(() -> assertThat(matchedPerson(duplicate)).contains(person));
		assertThat(ids(history("Patient/" + county.getIdPart() + "/$history-across-units")))
				.containsExactlyInAnyOrderElementsOf(results);
		assertThat(ids(history("Patient/" + duplicate.getIdPart() + "/$history-across-units")))
				.containsExactlyInAnyOrderElementsOf(results);
	}

	@Test
	default void historyOfAnUnknownPatientOrWithoutAPatientIsAClearError() {
		assertThat(status("Patient/does-not-exist-" + System.nanoTime() + "/$history-across-units")).isEqualTo(404);
		assertThat(status("Patient/$history-across-units")).isEqualTo(400);
		assertThat(status("Patient/$history-across-units?identifier=" + HubSystems.RESIDENT_ID_CARD + "|" + newIdCard())).isEqualTo(404);
	}

	// --- helpers ---

	record Link(String golden, String source, String matchResult) {}

	private Bundle history(String relative) {
		return client().fetchResourceFromUrl(Bundle.class, fhirUrl() + "/" + relative.replace("|", "%7C"));
	}

	private int status(String relative) {
		try {
			java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
					java.net.http.HttpRequest.newBuilder(java.net.URI.create(fhirUrl() + "/" + relative.replace("|", "%7C")))
							.header("Authorization", bearer()).build(),
					java.net.http.HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 400) {
				assertThat(response.body()).contains("OperationOutcome");
			}
			return response.statusCode();
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	private static List<String> ids(Bundle bundle) {
		return bundle.getEntry().stream()
				.filter(e -> e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE)
				.map(e -> e.getResource().getIdElement().toUnqualifiedVersionless().getValue())
				.toList();
	}

	private static void assertNewestFirst(Bundle history) {
		List<Date> dates = history.getEntry().stream()
				.map(e -> ((org.hl7.fhir.r4.model.DiagnosticReport) e.getResource()).getEffectiveDateTimeType().getValue())
				.toList();
		for (int i = 1; i < dates.size(); i++) {
			assertThat(dates.get(i)).isBeforeOrEqualTo(dates.get(i - 1));
		}
	}

	private static boolean isGolden(Patient patient) {
		return patient.getMeta().getTag(MdmConstants.SYSTEM_GOLDEN_RECORD_STATUS, MdmConstants.CODE_GOLDEN_RECORD) != null;
	}

	private List<Link> links(IIdType source) {
		Parameters out = steward().fetchResourceFromUrl(Parameters.class,
				fhirUrl() + "/$mdm-query-links?resourceId=" + source.getValue());
		return out.getParameter().stream()
				.filter(p -> p.getName().equals("link"))
				.map(p -> new Link(part(p, "goldenResourceId"), part(p, "sourceResourceId"), part(p, "matchResult")))
				.toList();
	}

	private List<Link> reviewList() {
		Parameters out = steward().fetchResourceFromUrl(Parameters.class,
				fhirUrl() + "/$mdm-query-links?matchResult=POSSIBLE_MATCH&_count=100");
		return out.getParameter().stream()
				.filter(p -> p.getName().equals("link"))
				.map(p -> new Link(part(p, "goldenResourceId"), part(p, "sourceResourceId"), part(p, "matchResult")))
				.toList();
	}

	/** The data steward, who reviews MDM links. */
	private IGenericClient steward() {
		return clientWith(tokenAs(List.of(Roles.DATA_STEWARD)));
	}

	private static String part(Parameters.ParametersParameterComponent link, String name) {
		return UnitRecords.part(link, name);
	}

	private Optional<String> matchedPerson(IIdType source) {
		return links(source).stream().filter(l -> l.matchResult().equals("MATCH")).map(Link::golden).findFirst();
	}

	private String awaitMatched(IIdType source) {
		return await().atMost(MDM_WAIT).pollInterval(Duration.ofMillis(300))
				.until(() -> matchedPerson(source), Optional::isPresent)
				.orElseThrow();
	}

	private Link awaitLink(IIdType source, String matchResult) {
		return await().atMost(MDM_WAIT).pollInterval(Duration.ofMillis(300))
				.until(() -> links(source).stream().filter(l -> l.matchResult().equals(matchResult)).findFirst(),
						Optional::isPresent)
				.orElseThrow();
	}

	private void updateLink(String golden, IIdType source, String matchResult) {
		Parameters in = new Parameters();
		in.addParameter("goldenResourceId", new StringType(golden));
		in.addParameter("resourceId", new StringType(source.getValue()));
		in.addParameter("matchResult", new StringType(matchResult));
		steward().operation().onServer().named("$mdm-update-link").withParameters(in).execute();
	}

	private static Date daysAgo(int days) {
		return Date.from(Instant.now().minus(Duration.ofDays(days)));
	}

	private static String isoDate(Date date) {
		return date.toInstant().toString().substring(0, 10);
	}
}
