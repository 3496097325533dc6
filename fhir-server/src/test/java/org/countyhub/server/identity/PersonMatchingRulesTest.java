package org.countyhub.server.identity;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.mdm.rules.json.MdmMatcherJson;
import ca.uhn.fhir.mdm.rules.matcher.models.MatchTypeEnum;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The county's additions to HAPI's matching, without a server. */
class PersonMatchingRulesTest {

	private final NameReading reading = new NameReading(100);
	private final PinyinStringMatcher names = new PinyinStringMatcher(reading);

	@Test
	void idCardCheckCharacterFollowsIso7064Mod112() {
		assertThat(ResidentIdCard.isValid("11010519491231002X")).isTrue();
		assertThat(ResidentIdCard.isValid("11010519491231002x")).isTrue();
		assertThat(ResidentIdCard.isValid("110105194912310021")).isFalse();
		assertThat(ResidentIdCard.isValid("11010519491231002")).isFalse();
		assertThat(ResidentIdCard.isValid("A1010519491231002X")).isFalse();
	}

	@Test
	void namesMatchByCharactersOrByPinyin() {
		MdmMatcherJson byReading = new MdmMatcherJson().setAlgorithm(MatchTypeEnum.STRING).setExact(false);
		MdmMatcherJson byCharacters = new MdmMatcherJson().setAlgorithm(MatchTypeEnum.STRING).setExact(true);
		HumanName characters = new HumanName().setText("王伟");
		HumanName parts = new HumanName().setFamily("王").addGiven("伟");
		HumanName pinyin = new HumanName().setText("WANG Wei");
		HumanName homophone = new HumanName().setText("王玮");
		HumanName other = new HumanName().setText("汪卫东");

		assertThat(names.matches(characters, parts, byCharacters)).isTrue();
		assertThat(names.matches(characters, pinyin, byCharacters)).isFalse();
		assertThat(names.matches(characters, pinyin, byReading)).isTrue();
		assertThat(names.matches(characters, homophone, byReading)).isTrue();
		assertThat(names.matches(characters, other, byReading)).isFalse();
		assertThat(reading.of("李 秀英")).contains("lixiuying");
	}

	/** Issue 20, finding 6: multi-megabyte names kept MDM's thread in the transliterator for 18 CPU-minutes. */
	@Test
	void namesBeyondTheLimitMatchNothingAndCostNothing() {
		MdmMatcherJson byReading = new MdmMatcherJson().setAlgorithm(MatchTypeEnum.STRING).setExact(false);
		MdmMatcherJson byCharacters = new MdmMatcherJson().setAlgorithm(MatchTypeEnum.STRING).setExact(true);
		HumanName huge = new HumanName().setText("王".repeat(5_000_000));
		long started = System.nanoTime();
		assertThat(names.matches(huge, huge.copy(), byReading)).isFalse();
		assertThat(names.matches(huge, huge.copy(), byCharacters)).isFalse();
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(java.time.Duration.ofSeconds(1));
		assertThat(reading.of("买买提·艾力")).contains("maimaitiaili");
		assertThat(reading.of("王".repeat(101))).isEmpty();
	}

	@Test
	void blockingKeyIsTheWholeReadingSoNamesakesBlockTogetherAndLongerNamesDoNot() {
		PinyinBlockingKey key = new PinyinBlockingKey(reading);
		assertThat(key.encode("王伟")).isEqualTo("WANGWEI.").isEqualTo(key.encode("WANG WEI")).isEqualTo(key.encode("王玮"));
		// HAPI searches phonetic values by prefix: 王伟明 must not start with 王伟's key
		assertThat(key.encode("王伟明")).doesNotStartWith(key.encode("王伟"));
		String huge = "王".repeat(1_000_000);
		assertThat(key.encode(huge)).startsWith("UNREAD").isNotEqualTo(key.encode(huge + "伟")).hasSizeLessThan(64);
	}

	@Test
	void differentValidIdCardsVetoAnyMatchButInvalidOnesDoNot() {
		Patient a = withCard("11010519491231002X");
		Patient b = withCard("110105194912310046");
		Patient noCard = new Patient();
		Patient mistyped = withCard("110105194912310021");
		assertThat(ResidentIdCard.isValid("110105194912310046")).isTrue();

		assertThat(DifferentIdCardsVeto.differentPeople(a, b)).isTrue();
		assertThat(DifferentIdCardsVeto.differentPeople(a, withCard("11010519491231002x"))).isFalse();
		assertThat(DifferentIdCardsVeto.differentPeople(a, noCard)).isFalse();
		assertThat(DifferentIdCardsVeto.differentPeople(a, mistyped)).isFalse();
	}

	@Test
	void idCardIdentifierMatchesOnlyValidNumbers() {
		HubMatcherFactory factory = new HubMatcherFactory(type -> new ca.uhn.fhir.mdm.rules.matcher.fieldmatchers.IdentifierMatcher(), reading);
		MdmMatcherJson idCard = new MdmMatcherJson().setAlgorithm(MatchTypeEnum.IDENTIFIER)
				.setIdentifierSystem(HubSystems.RESIDENT_ID_CARD);
		var matcher = factory.getFieldMatcherForMatchType(MatchTypeEnum.IDENTIFIER);
		Identifier valid = new Identifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue("11010519491231002X");
		Identifier invalid = new Identifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue("110105194912310021");

		assertThat(matcher.matches(valid, valid.copy(), idCard)).isTrue();
		assertThat(matcher.matches(invalid, invalid.copy(), idCard)).isFalse();
	}

	private static Patient withCard(String number) {
		Patient patient = new Patient();
		patient.addIdentifier().setSystem(HubSystems.RESIDENT_ID_CARD).setValue(number);
		return patient;
	}
}
