package org.countyhub.county;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;

/** The kinds of member unit in a county medical community, with their codes in {@code unit-type}. */
public enum UnitType {
	COMMUNITY("community", "医共体"),
	LEAD_HOSPITAL("lead-hospital", "牵头医院"),
	COUNTY_HOSPITAL("county-hospital", "县级医院"),
	TOWNSHIP_CENTRE("township-centre", "乡镇卫生院"),
	VILLAGE_CLINIC("village-clinic", "村卫生室");

	private final String code;
	private final String display;

	UnitType(String code, String display) {
		this.code = code;
		this.display = display;
	}

	@JsonValue
	public String code() {
		return code;
	}

	public String display() {
		return display;
	}

	@JsonCreator
	public static UnitType fromCode(String code) {
		return Arrays.stream(values())
				.filter(t -> t.code.equals(code))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("unknown unit type '" + code + "', expected one of "
						+ Arrays.stream(values()).map(UnitType::code).toList()));
	}
}
