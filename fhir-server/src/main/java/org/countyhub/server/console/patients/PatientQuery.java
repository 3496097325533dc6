package org.countyhub.server.console.patients;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.countyhub.server.identity.ResidentIdCard;

/**
 * What the 患者查找 form asks for: a 身份证号, or a name (with a birth date to narrow it), or a unit's 门诊号/住院号
 * with the unit. {@link #problems()} says in Chinese what is wrong, per field.
 */
public record PatientQuery(String idCard, String name, String birthDate, String mrn, String mrnUnit) {

	public PatientQuery {
		idCard = trim(idCard);
		name = trim(name);
		birthDate = trim(birthDate);
		mrn = trim(mrn);
		mrnUnit = trim(mrnUnit);
	}

	public boolean empty() {
		return idCard.isEmpty() && name.isEmpty() && birthDate.isEmpty() && mrn.isEmpty();
	}

	/** Field name to a Chinese message; empty when the query can be asked. */
	public Map<String, String> problems() {
		Map<String, String> problems = new LinkedHashMap<>();
		if (!idCard.isEmpty() && !ResidentIdCard.isValid(idCard)) {
			problems.put("idCard", "身份证号应为18位（最后一位可为X），且校验位正确，请核对");
		}
		if (!birthDate.isEmpty() && birthDay() == null) {
			problems.put("birthDate", "出生日期格式应为 2026-01-31");
		}
		if (!birthDate.isEmpty() && name.isEmpty()) {
			problems.put("name", "按出生日期查找时请同时填写姓名");
		}
		if (!mrn.isEmpty() && mrnUnit.isEmpty()) {
			problems.put("mrnUnit", "请选择门诊号/住院号所属单位");
		}
		if (mrn.isEmpty() && !mrnUnit.isEmpty() && idCard.isEmpty() && name.isEmpty()) {
			problems.put("mrn", "请填写该单位的门诊号或住院号");
		}
		return problems;
	}

	LocalDate birthDay() {
		try {
			return birthDate.isEmpty() ? null : LocalDate.parse(birthDate);
		} catch (DateTimeParseException e) {
			return null;
		}
	}

	String normalisedIdCard() {
		return idCard.toUpperCase();
	}

	private static String trim(String value) {
		return value == null ? "" : value.trim();
	}
}
