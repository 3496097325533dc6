package org.countyhub.server.identity;

import ca.uhn.fhir.mdm.rules.matcher.IMatcherFactory;
import ca.uhn.fhir.mdm.rules.matcher.models.IMdmFieldMatcher;
import ca.uhn.fhir.mdm.rules.matcher.models.MatchTypeEnum;
import org.countyhub.profiles.HubSystems;
import org.hl7.fhir.r4.model.Identifier;

/**
 * HAPI's field matchers with two changes the county needs, so that the rules file can stay plain HAPI rules:
 * <ul>
 *   <li>STRING compares Chinese names by characters ({@code exact}) or by pinyin ({@link PinyinStringMatcher});</li>
 *   <li>IDENTIFIER on the resident ID card system only matches numbers whose check digit is right: a mistyped
 *       number that happens to equal another mistyped number is no evidence.</li>
 * </ul>
 * Every other algorithm is HAPI's own.
 */
final class HubMatcherFactory implements IMatcherFactory {

	private final IMatcherFactory hapi;
	private final IMdmFieldMatcher pinyin;

	HubMatcherFactory(IMatcherFactory hapi, NameReading reading) {
		this.hapi = hapi;
		this.pinyin = new PinyinStringMatcher(reading);
	}

	@Override
	public IMdmFieldMatcher getFieldMatcherForMatchType(MatchTypeEnum type) {
		if (type == MatchTypeEnum.STRING) {
			return pinyin;
		}
		IMdmFieldMatcher matcher = hapi.getFieldMatcherForMatchType(type);
		if (type == MatchTypeEnum.IDENTIFIER) {
			return (left, right, params) -> matcher.matches(left, right, params)
					&& (!HubSystems.RESIDENT_ID_CARD.equals(params.getIdentifierSystem())
							|| (left instanceof Identifier id && ResidentIdCard.isValid(id.getValue())));
		}
		return matcher;
	}
}
