package org.countyhub.county;

import java.util.Objects;

/**
 * The county medical community itself (医共体), declared in {@code county.yaml}. Every member unit is
 * {@code partOf} it, directly or through its township centre.
 */
public record Community(String id, String code, String organizationCode, String name, String adminDivision) {

	public Community {
		Objects.requireNonNull(code, "county.yaml: code is required");
		Objects.requireNonNull(name, "county.yaml: name is required");
		if (id == null || id.isBlank()) {
			id = code;
		}
	}

	public String reference() {
		return "Organization/" + id;
	}
}
