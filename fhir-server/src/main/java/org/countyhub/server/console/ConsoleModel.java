package org.countyhub.server.console;

import jakarta.servlet.http.HttpSession;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.countyhub.server.security.token.Roles;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page's header shows: the person, their roles and the unit they act for. */
@OnEmbeddedSignIn
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

	/** The header's view of the signed-in person. */
	record Header(String username, String roles, String unit, boolean canSwitchUnit, boolean reads,
			boolean acting, boolean operates, boolean clinical, boolean analyses) {}

	private final ConsoleUsers users;
	private final UnitLabels units;

	ConsoleModel(ConsoleUsers users, UnitLabels units) {
		this.users = users;
		this.units = units;
	}

	@ModelAttribute("header")
	Header header(HttpSession session) {
		return users.current(session)
				.map(user -> new Header(user.username(), RoleNames.of(user.roles()),
						user.actingUnit() == null ? "未选择单位" : units.name(user.actingUnit()), user.canSwitchUnit(),
						user.roles().contains(Roles.READING_PHYSICIAN), user.actingUnit() != null,
						user.roles().contains(Roles.OPERATOR), clinical(user), user.roles().contains(Roles.BUREAU_ANALYST)))
				.orElse(null);
	}

	/**
	 * Whether the patient pages belong in the menu: not for an operator without a clinical role (they are refused,
	 * {@link ClinicalRecordGate}), nor for a bureau analyst acting for no unit (aggregates only).
	 */
	private static boolean clinical(ConsoleUser user) {
		boolean analystOnly = user.roles().contains(Roles.BUREAU_ANALYST) && user.actingUnit() == null;
		return !ClinicalRecordGate.operatorOnly(user.roles()) && !analystOnly;
	}
}
