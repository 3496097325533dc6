package org.countyhub.server.publichealth;

import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;

/**
 * The fields of the national report card (传染病报告卡), in the card's order, as the guide's Questionnaire
 * notifiable-disease-report-card names them (linkId) and the export heads them; then the hub's own items.
 */
public final class ReportCardFields {

	/** One field of the card: its Questionnaire linkId and its name on the card (the CSV header). */
	public record Field(String linkId, String header) {}

	public static final String CARD_NUMBER = "card-number";
	public static final String REPORT_TYPE = "report-type";
	public static final String PATIENT_NAME = "patient-name";
	public static final String ID_NUMBER = "id-number";
	public static final String GENDER = "gender";
	public static final String BIRTH_DATE = "birth-date";
	public static final String AGE = "age";
	public static final String WORKPLACE = "workplace";
	public static final String PHONE = "phone";
	public static final String ADDRESS = "address";
	public static final String CASE_CLASS = "case-class";
	public static final String ONSET_DATE = "onset-date";
	public static final String DIAGNOSIS_DATE = "diagnosis-date";
	public static final String DISEASE = "disease";
	public static final String DISEASE_CLASS = "disease-class";
	public static final String WITHDRAWAL_REASON = "withdrawal-reason";
	public static final String REPORTING_UNIT = "reporting-unit";
	public static final String REPORTING_DOCTOR = "reporting-doctor";
	public static final String FILL_DATE = "fill-date";
	/** The hub's items: what the card was drafted from, and the card a correction replaces. */
	public static final String EVIDENCE = "evidence";
	public static final String REPLACES = "replaces";

	/** The card's fields in the national card's order (the export's columns). */
	public static final List<Field> CARD = List.of(
			new Field(CARD_NUMBER, "卡片编号"),
			new Field(REPORT_TYPE, "报卡类别"),
			new Field(PATIENT_NAME, "患者姓名"),
			new Field("parent-name", "患儿家长姓名"),
			new Field(ID_NUMBER, "有效证件号"),
			new Field(GENDER, "性别"),
			new Field(BIRTH_DATE, "出生日期"),
			new Field(AGE, "年龄"),
			new Field(WORKPLACE, "工作单位（学校）"),
			new Field(PHONE, "联系电话"),
			new Field(ADDRESS, "现住址"),
			new Field("occupation", "人群分类"),
			new Field(CASE_CLASS, "病例分类"),
			new Field(ONSET_DATE, "发病日期"),
			new Field(DIAGNOSIS_DATE, "诊断日期"),
			new Field("death-date", "死亡日期"),
			new Field(DISEASE, "疾病名称"),
			new Field(DISEASE_CLASS, "传染病类别"),
			new Field(WITHDRAWAL_REASON, "退卡原因"),
			new Field(REPORTING_UNIT, "报告单位"),
			new Field(REPORTING_DOCTOR, "报告医生"),
			new Field(FILL_DATE, "填卡日期"),
			new Field("remarks", "备注"));

	/** Items only the hub writes; a correction or a confirmation never takes them from the caller. */
	static final List<String> HUB_OWNED = List.of(CARD_NUMBER, REPORT_TYPE, EVIDENCE, REPLACES, DISEASE_CLASS,
			WITHDRAWAL_REASON);

	private ReportCardFields() {}

	public static Optional<QuestionnaireResponseItemComponent> item(QuestionnaireResponse card, String linkId) {
		return card.getItem().stream().filter(i -> linkId.equals(i.getLinkId())).findFirst();
	}

	public static Optional<Type> answer(QuestionnaireResponse card, String linkId) {
		return item(card, linkId).filter(i -> i.hasAnswer()).map(i -> i.getAnswerFirstRep().getValue());
	}

	public static Optional<Coding> coding(QuestionnaireResponse card, String linkId) {
		return answer(card, linkId).filter(Coding.class::isInstance).map(Coding.class::cast);
	}

	/** Sets the one answer of a field (the item is added in the card's order if absent); null removes it. */
	public static void set(QuestionnaireResponse card, String linkId, Type value) {
		QuestionnaireResponseItemComponent item = item(card, linkId).orElseGet(() -> insert(card, linkId));
		item.getAnswer().clear();
		if (value != null && !value.isEmpty()) {
			item.addAnswer().setValue(value);
		} else {
			card.getItem().remove(item);
		}
	}

	/** Adds a reference to a repeating hub item unless it is there; true if added. */
	public static boolean addReference(QuestionnaireResponse card, String linkId, String reference) {
		QuestionnaireResponseItemComponent item = item(card, linkId).orElseGet(() -> insert(card, linkId));
		boolean present = item.getAnswer().stream().map(QuestionnaireResponseItemAnswerComponent::getValue)
				.anyMatch(v -> v instanceof Reference r && reference.equals(r.getReference()));
		if (!present) {
			item.addAnswer().setValue(new Reference(reference));
		}
		return !present;
	}

	private static QuestionnaireResponseItemComponent insert(QuestionnaireResponse card, String linkId) {
		List<String> order = new java.util.ArrayList<>(CARD.stream().map(Field::linkId).toList());
		order.add(EVIDENCE);
		order.add(REPLACES);
		int rank = order.indexOf(linkId);
		int at = 0;
		while (at < card.getItem().size() && order.indexOf(card.getItem().get(at).getLinkId()) < rank) {
			at++;
		}
		QuestionnaireResponseItemComponent item = new QuestionnaireResponseItemComponent().setLinkId(linkId);
		card.getItem().add(at, item);
		return item;
	}
}
