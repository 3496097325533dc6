package org.countyhub.server.publichealth;

import java.util.Locale;

/** 病例分类 of a report card (CodeSystem notifiable-case-class). */
public enum CaseClass {
	SUSPECTED("疑似病例"),
	CLINICAL("临床诊断病例"),
	CONFIRMED("确诊病例"),
	CARRIER("病原携带者");

	private final String display;

	CaseClass(String display) {
		this.display = display;
	}

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	public String display() {
		return display;
	}

	public static CaseClass of(String code) {
		return valueOf(code.trim().toUpperCase(Locale.ROOT));
	}
}
