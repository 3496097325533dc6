package org.countyhub.server.console;

import java.util.List;
import org.countyhub.county.CountyDirectory;
import org.countyhub.county.MemberUnit;
import org.springframework.stereotype.Component;

/** Member units by their names, from the county's settings (the same directory the feeds use). */
@Component
public class UnitLabels {

	/** A unit as a choice in a form. */
	public record Unit(String code, String name) {}

	private final CountyDirectory county;

	UnitLabels(CountyDirectory county) {
		this.county = county;
	}

	public String name(String code) {
		return code == null ? "" : county.byCode(code).map(MemberUnit::name).orElse(code);
	}

	public List<Unit> all() {
		return county.units().stream().map(unit -> new Unit(unit.code(), unit.name())).toList();
	}

	public List<Unit> of(List<String> codes) {
		return codes.stream().map(code -> new Unit(code, name(code))).toList();
	}
}
