package org.countyhub.server.console;

import java.util.List;
import java.util.Map;
import org.countyhub.server.security.token.Roles;

/** The Chinese names people read for the hub's roles (docs/security.md). */
final class RoleNames {

	private static final Map<String, String> NAMES = Map.ofEntries(
			Map.entry(Roles.CLINICIAN, "临床医生"),
			Map.entry(Roles.READING_PHYSICIAN, "诊断中心医生"),
			Map.entry(Roles.REFERRAL_COORDINATOR, "转诊管理员"),
			Map.entry(Roles.PHARMACIST, "药师"),
			Map.entry(Roles.UNIT_SYSTEM, "成员单位系统"),
			Map.entry(Roles.OPERATOR, "运维"),
			Map.entry(Roles.BUREAU_ANALYST, "卫健局"),
			Map.entry(Roles.DATA_STEWARD, "主索引管理员"),
			Map.entry(Roles.SYSTEM_ADMIN, "系统管理员"),
			Map.entry(Roles.SECURITY_ADMIN, "安全管理员"),
			Map.entry(Roles.AUDITOR, "审计管理员"),
			Map.entry(Roles.MEDICAL_ADMIN, "医务科"));

	private RoleNames() {}

	static String of(List<String> roles) {
		return String.join("、", roles.stream().map(role -> NAMES.getOrDefault(role, role)).toList());
	}
}
