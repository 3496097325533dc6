package org.countyhub.server.indicators;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Encounter;
import org.springframework.stereotype.Component;

/**
 * 基层诊疗人次占比: finished outpatient and emergency Encounters (class AMB / EMER) of the month at township centres
 * and village clinics ÷ those at all member units. Counted per unit with count queries (the database counts, no
 * visit is loaded), so a month of a county stays fast.
 */
@Component
class PrimaryCareVisitShare implements Indicator {

	static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
	static final Set<String> PRIMARY_CARE = Set.of("township-centre", "village-clinic");

	private final IFhirResourceDao<Encounter> encounters;
	private final MemberUnits units;

	PrimaryCareVisitShare(IFhirResourceDao<Encounter> encounters, MemberUnits units) {
		this.encounters = encounters;
		this.units = units;
	}

	@Override
	public String measureId() {
		return "primary-care-visit-share";
	}

	@Override
	public List<GroupFigures> compute(ReportMonth month, UnitTypes types) {
		GroupFigures share = new GroupFigures("share", GroupFigures.Scoring.PROPORTION, UnitTypes.UNIT,
				UnitTypes.UNIT_TYPE);
		for (Map.Entry<String, String> unit : units.all().entrySet()) {
			int visits = count(unit.getKey(), month, "AMB", "EMER");
			if (visits > 0) {
				boolean primary = PRIMARY_CARE.contains(unit.getValue());
				share.add(Map.of(UnitTypes.UNIT, unit.getKey(), UnitTypes.UNIT_TYPE, unit.getValue()),
						cell -> cell.addDenominator(visits, primary ? visits : 0));
			}
		}
		return List.of(share);
	}

	/** Finished Encounters of these classes at the unit whose period falls in the month. */
	int count(String unitId, ReportMonth month, String... classes) {
		SearchParameterMap map = SearchParameterMap.newSynchronous();
		TokenOrListParam anyClass = new TokenOrListParam();
		for (String c : classes) {
			anyClass.add(ACT_CODE, c);
		}
		map.add(Encounter.SP_CLASS, anyClass);
		map.add(Encounter.SP_STATUS, new TokenParam("finished"));
		map.add(Encounter.SP_SERVICE_PROVIDER, new ReferenceParam("Organization/" + unitId));
		map.add(Encounter.SP_DATE, month.range());
		map.setSummaryMode(SummaryEnum.COUNT);
		Integer size = encounters.search(map, new SystemRequestDetails()).size();
		return size == null ? 0 : size;
	}
}
