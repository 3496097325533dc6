package org.countyhub.server.publichealth;

import java.time.Instant;
import java.util.Date;
import org.countyhub.county.MemberUnit;

/**
 * What a stored diagnosis or result says about a notifiable case.
 *
 * @param disease     the disease it reports
 * @param caseClass   the classification it supports (疑似 / 临床诊断 / 确诊 / 病原携带者)
 * @param evidence    the stored record ({@code Condition/1}, {@code Observation/2})
 * @param subject     its Patient ({@code Patient/3}) at the unit
 * @param unit        the member unit that diagnosed it (the reporting unit of a new card)
 * @param diagnosedAt when: the deadline counts from it
 * @param onset       发病日期 when the record has it, else null
 * @param doctor      the diagnosing doctor's name when the record has it, else null
 */
record CaseTrigger(NotifiableDisease disease, CaseClass caseClass, String evidence, String subject, MemberUnit unit,
		Instant diagnosedAt, Date onset, String doctor) {}
