package org.countyhub.server.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.mdm.api.IMdmSettings;
import ca.uhn.fhir.mdm.api.MdmMatchOutcome;
import ca.uhn.fhir.mdm.api.MdmMatchResultEnum;
import ca.uhn.fhir.mdm.rules.matcher.IMatcherFactory;
import ca.uhn.fhir.mdm.rules.svc.MdmResourceMatcherSvc;
import java.util.Collections;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's rule evaluation plus the one rule HAPI's rules cannot say: two Patients that both carry a valid resident
 * ID card number, and share none, are two people, whatever else they have in common. Same-name people are common
 * (王伟, 张伟), and twins share birth date, sex and often the family phone.
 */
final class DifferentIdCardsVeto extends MdmResourceMatcherSvc {

	DifferentIdCardsVeto(FhirContext fhirContext, IMatcherFactory matcherFactory, IMdmSettings settings) {
		super(fhirContext, matcherFactory, settings);
	}

	@Override
	public MdmMatchOutcome getMatchResult(IBaseResource left, IBaseResource right) {
		MdmMatchOutcome outcome = super.getMatchResult(left, right);
		if (outcome.getMatchResultEnum() != MdmMatchResultEnum.NO_MATCH && differentPeople(left, right)) {
			MdmMatchOutcome veto = new MdmMatchOutcome(outcome.getVector(), 0.0);
			veto.setMdmRuleCount(outcome.getMdmRuleCount());
			veto.setMatchResultEnum(MdmMatchResultEnum.NO_MATCH);
			return veto;
		}
		return outcome;
	}

	static boolean differentPeople(IBaseResource left, IBaseResource right) {
		Set<String> leftCards = ResidentIdCard.validNumbers(left);
		Set<String> rightCards = ResidentIdCard.validNumbers(right);
		return !leftCards.isEmpty() && !rightCards.isEmpty() && Collections.disjoint(leftCards, rightCards);
	}
}
