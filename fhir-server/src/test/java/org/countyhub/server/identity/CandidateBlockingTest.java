package org.countyhub.server.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.countyhub.server.identity.UnitRecords.newIdCard;
import static org.countyhub.server.identity.UnitRecords.newMrn;
import static org.countyhub.server.identity.UnitRecords.person;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.countyhub.server.security.token.Roles;
import org.countyhub.server.support.HubServerTest;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 20, finding 6: when more than 100 Patients shared birth date and sex, MDM's candidate search by
 * birthdate + gender aborted each of them ({@code HAPI-0762}, 46 golden records for 2,377 patients), and a
 * multi-megabyte name kept MDM's thread in the pinyin matcher for minutes while later Patients waited.
 */
@ExtendWith(OutputCaptureExtension.class)
class CandidateBlockingTest extends HubServerTest {

	private static final Duration MDM_WAIT = Duration.ofMinutes(4);
	private static final String[][] SURNAMES = {
		{"王", "WANG"}, {"李", "LI"}, {"张", "ZHANG"}, {"刘", "LIU"}, {"陈", "CHEN"},
		{"杨", "YANG"}, {"赵", "ZHAO"}, {"黄", "HUANG"}, {"周", "ZHOU"}, {"吴", "WU"}};
	private static final String[][] GIVEN = {
		{"伟", "Wei"}, {"芳", "Fang"}, {"娜", "Na"}, {"敏", "Min"}, {"静", "Jing"}, {"秀英", "Xiuying"},
		{"强", "Qiang"}, {"磊", "Lei"}, {"军", "Jun"}, {"洋", "Yang"}, {"勇", "Yong"}, {"艳", "Yan"},
		{"杰", "Jie"}, {"娟", "Juan"}, {"涛", "Tao"}};

	/**
	 * 150 people born on one 1 January, registered at two units each (ID card at both), 10 namesakes of them with
	 * ID cards of their own, and 20 of them registered once more by a village clinic in pinyin without an ID card:
	 * 330 Patients of one birth date and sex, over three times the candidate limit.
	 */
	@Test
	void threeHundredPatientsSharingBirthDateAndSexLinkToTheRightPersons(CapturedOutput output) {
		UnitRecords units = new UnitRecords(client);
		String birthDate = (1930 + (int) (System.nanoTime() % 40)) + "-01-01";
		List<IIdType[]> people = new ArrayList<>();
		List<String[]> names = new ArrayList<>();
		List<String> phones = new ArrayList<>();
		for (String[] surname : SURNAMES) {
			for (String[] given : GIVEN) {
				String phone = "1390000" + String.format("%04d", people.size());
				String idCard = newIdCard();
				Patient person = person(surname[0] + given[0], birthDate, AdministrativeGender.MALE, phone, idCard);
				people.add(new IIdType[] {
					units.register("XZYY", newMrn(), person), units.register("WSY01", newMrn(), person)});
				names.add(new String[] {surname[0] + given[0], surname[1] + " " + given[1]});
				phones.add(phone);
			}
		}
		List<IIdType> namesakes = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			namesakes.add(units.register("XRMYY", newMrn(), person(names.get(i * 7)[0], birthDate,
					AdministrativeGender.MALE, "1370000" + String.format("%04d", i), newIdCard())));
		}
		Map<IIdType, Integer> villageRegistrations = new HashMap<>();
		for (int i = 0; i < 20; i++) {
			int who = i * 7 + 3;
			villageRegistrations.put(units.register("WSY02", newMrn(),
					person(names.get(who)[1], birthDate, AdministrativeGender.MALE, phones.get(who), null)), who);
		}

		Map<IIdType, List<Link>> links = awaitLinks(people, namesakes, villageRegistrations.keySet());

		Set<String> persons = new HashSet<>();
		for (IIdType[] registrations : people) {
			String golden = matched(links.get(registrations[0]));
			assertThat(matched(links.get(registrations[1]))).as("both units' records of one person").isEqualTo(golden);
			persons.add(golden);
		}
		assertThat(persons).as("one golden record per person").hasSize(150);
		for (IIdType namesake : namesakes) {
			assertThat(persons).as("a namesake with an ID card of his own is someone else")
					.doesNotContain(matched(links.get(namesake)));
		}
		villageRegistrations.forEach((village, who) -> {
			String person = matched(links.get(people.get(who)[0]));
			assertThat(links.get(village)).as("pinyin, no ID card: proposed for review with the right person")
					.anyMatch(link -> link.matchResult().equals("POSSIBLE_MATCH") && link.golden().equals(person));
		});
		assertThat(output.getAll()).doesNotContain("HAPI-0762");
	}

	/** A name of 300,000 characters costs MDM nothing: a Patient written after it is linked as usual. */
	@Test
	void hugeNameDoesNotHoldUpMatching() {
		UnitRecords units = new UnitRecords(client);
		String birthDate = "1941-01-01";
		Patient hostile = person("王", birthDate, AdministrativeGender.FEMALE, "13911112222", newIdCard());
		hostile.getNameFirstRep().setText("王".repeat(300_000)).setFamily(null).getGiven().clear();
		units.register("XZYY", newMrn(), hostile);

		String idCard = newIdCard();
		Patient person = person("赵敏", birthDate, AdministrativeGender.FEMALE, "13911113333", idCard);
		IIdType county = units.register("XZYY", newMrn(), person);
		IIdType township = units.register("WSY01", newMrn(), person);
		Instant written = Instant.now();
		Map<IIdType, List<Link>> links = awaitLinks(List.<IIdType[]>of(new IIdType[] {county, township}), List.of(), Set.of());
		assertThat(matched(links.get(township))).isEqualTo(matched(links.get(county)));
		assertThat(Duration.between(written, Instant.now())).isLessThan(Duration.ofSeconds(60));
	}

	record Link(String golden, String matchResult) {}

	private Map<IIdType, List<Link>> awaitLinks(List<IIdType[]> people, List<IIdType> others, Set<IIdType> more) {
		List<IIdType> waiting = new ArrayList<>();
		people.forEach(pair -> waiting.addAll(List.of(pair)));
		waiting.addAll(others);
		waiting.addAll(more);
		Map<IIdType, List<Link>> found = new HashMap<>();
		IGenericClient steward = clientWith(tokenAs(List.of(Roles.DATA_STEWARD)));
		await().atMost(MDM_WAIT).pollInterval(Duration.ofSeconds(2)).until(() -> {
			for (IIdType source : waiting) {
				if (!found.containsKey(source)) {
					List<Link> links = links(steward, source);
					if (!links.isEmpty()) {
						found.put(source, links);
					}
				}
			}
			return found.size() == waiting.size();
		});
		return found;
	}

	private List<Link> links(IGenericClient steward, IIdType source) {
		Parameters out = steward.fetchResourceFromUrl(Parameters.class,
				fhirBase() + "/$mdm-query-links?resourceId=" + source.getValue());
		return out.getParameter().stream()
				.filter(p -> p.getName().equals("link"))
				.map(p -> new Link(UnitRecords.part(p, "goldenResourceId"), UnitRecords.part(p, "matchResult")))
				.toList();
	}

	private static String matched(List<Link> links) {
		return links.stream().filter(l -> l.matchResult().equals("MATCH")).map(Link::golden).findFirst()
				.orElseThrow(() -> new AssertionError("no MATCH link: " + links));
	}

}
