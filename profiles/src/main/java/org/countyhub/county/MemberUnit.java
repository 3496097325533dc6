package org.countyhub.county;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One member unit of the county medical community as declared in its {@code unit.yaml}: who it is and how
 * the hub recognises it. Feed settings (charsets, code maps, ...) are declared beside it in the same folder.
 *
 * @param id               the FHIR logical id of its Organization (defaults to {@code code})
 * @param code             HL7 v2 sending-facility code, MSH-4; unique in the county
 * @param organizationCode 统一社会信用代码 (or the older 组织机构代码)
 * @param name             official Chinese name
 * @param type             lead hospital, county hospital, township centre or village clinic
 * @param partOf           code of the unit it belongs to (a village clinic's township centre); empty for
 *                         direct members of the community
 * @param adminDivision    行政区划代码 of where it is, optional
 * @param feed             how its HL7 v2 feeds are read (identifier systems, charset, PACS endpoint); defaults
 *                         apply when the block is absent
 */
public record MemberUnit(
		String id,
		String code,
		String organizationCode,
		String name,
		UnitType type,
		String partOf,
		String adminDivision,
		UnitFeed feed) {

	private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");

	public MemberUnit {
		Objects.requireNonNull(code, "code (MSH-4) is required");
		if (id == null || id.isBlank()) {
			id = code;
		}
		if (!FHIR_ID.matcher(id).matches() || ALL_DIGITS.matcher(id).matches()) {
			throw new IllegalArgumentException("unit '" + code + "': id '" + id
					+ "' is not usable as a FHIR id (letters, digits, '-' and '.', not only digits, at most 64)");
		}
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("unit '" + code + "': name is required");
		}
		if (type == null) {
			throw new IllegalArgumentException("unit '" + code + "': type is required");
		}
		if (type == UnitType.COMMUNITY) {
			throw new IllegalArgumentException("unit '" + code + "': type 'community' is reserved for county.yaml");
		}
		if (partOf != null && partOf.isBlank()) {
			partOf = null;
		}
		try {
			feed = (feed == null ? UnitFeed.defaults() : feed).withUnitDefaults(code);
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("unit '" + code + "': " + e.getMessage(), e);
		}
	}

	public String reference() {
		return "Organization/" + id;
	}
}
