package org.countyhub.server.publichealth;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.param.TokenParam;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.audit.DisclosureRecorder;
import org.countyhub.server.rest.CsvText;
import org.countyhub.server.workflow.WorkflowStore;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The hand-off to the direct reporting system (网络直报): every confirmed card (a correction is a card of its own)
 * not exported before, as a CSV in the national card's field order and as a FHIR collection Bundle. What was
 * exported when is a DocumentReference per batch (tag workflow#notifiable-report, the cards in
 * {@code context.related}), which is also how a card is known to be exported: once.
 */
@Component
class ReportCardExport {

	private static final Logger log = LoggerFactory.getLogger(ReportCardExport.class);
	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);
	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	/** One file of a batch. */
	record ExportFile(String name, String contentType, byte[] content) {}

	/** The access records' action of a card sent to 网络直报. */
	static final String ACCESS_ACTION = "report-card-export";

	/** The cards of one export and their files; empty when nothing is new. */
	record Batch(Instant at, List<QuestionnaireResponse> cards, List<ExportFile> files) {
		boolean isEmpty() {
			return cards.isEmpty();
		}
	}

	private final WorkflowStore store;
	private final Clock clock;
	private final PublicHealthProperties properties;
	private final DisclosureRecorder disclosures;

	ReportCardExport(WorkflowStore store, Clock clock, PublicHealthProperties properties,
			DisclosureRecorder disclosures) {
		this.disclosures = disclosures;
		this.store = store;
		this.clock = clock;
		this.properties = properties;
	}

	Batch next() {
		Instant at = clock.instant();
		Set<String> exported = exported();
		SearchParameterMap confirmed = new SearchParameterMap();
		confirmed.add(QuestionnaireResponse.SP_STATUS, new TokenParam("completed"));
		List<QuestionnaireResponse> cards = new ArrayList<>(store.search(QuestionnaireResponse.class, confirmed).stream()
				.filter(ReportCards::isCard)
				.filter(card -> !exported.contains("QuestionnaireResponse/" + card.getIdElement().getIdPart()))
				.toList());
		cards.sort(Comparator.comparing(QuestionnaireResponse::getAuthored));
		if (cards.isEmpty()) {
			return new Batch(at, List.of(), List.of());
		}
		String base = "report-cards-" + FILE_TIME.format(at.atZone(properties.zone()));
		return new Batch(at, cards, List.of(
				new ExportFile(base + ".csv", "text/csv; charset=UTF-8", csv(cards)),
				new ExportFile(base + ".json", "application/fhir+json", bundle(cards, at))));
	}

	/** Records the batch as sent to the destination. */
	void recorded(Batch batch, String destination) {
		// in the access records first: a record that cannot be stored leaves the batch to be sent again
		disclosures.sent(ACCESS_ACTION, "传染病报告卡报送网络直报", batch.cards().stream()
						.map(card -> new DisclosureRecorder.Sent(
								card.getSubject().hasReference() ? card.getSubject().getReference() : null,
								card.getAuthor().getReferenceElement().getIdPart(),
								"QuestionnaireResponse/" + card.getIdElement().getIdPart()))
						.toList(),
				destination, batch.files().stream().map(ExportFile::name).toList());
		DocumentReference record = new DocumentReference();
		record.getMeta().addTag(HubSystems.WORKFLOW, ReportDeadlines.WORKFLOW, "传染病报告");
		record.setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
		record.getType().setText("传染病报告卡导出");
		record.setDate(Date.from(batch.at()));
		record.setDescription(batch.cards().size() + " report cards sent to " + destination);
		for (ExportFile file : batch.files()) {
			record.addContent().setAttachment(new Attachment().setTitle(file.name()).setContentType(file.contentType())
					.setSize(file.content().length).setCreation(Date.from(batch.at())));
		}
		batch.cards().forEach(card -> record.getContext().addRelated(
				new Reference("QuestionnaireResponse/" + card.getIdElement().getIdPart())));
		String id = store.create(record).getIdPart();
		log.info("Exported {} report cards as {} to {} (DocumentReference/{})", batch.cards().size(),
				batch.files().stream().map(ExportFile::name).toList(), destination, id);
	}

	private Set<String> exported() {
		SearchParameterMap records = new SearchParameterMap();
		records.add("_tag", new TokenParam(HubSystems.WORKFLOW, ReportDeadlines.WORKFLOW));
		Set<String> cards = new HashSet<>();
		for (DocumentReference record : store.search(DocumentReference.class, records)) {
			record.getContext().getRelated().forEach(r -> cards.add(r.getReference()));
		}
		return cards;
	}

	private byte[] csv(List<QuestionnaireResponse> cards) {
		CsvText csv = new CsvText().row(ReportCardFields.CARD.stream().map(ReportCardFields.Field::header).toList());
		for (QuestionnaireResponse card : cards) {
			csv.row(ReportCardFields.CARD.stream()
					.map(f -> ReportCardFields.answer(card, f.linkId()).map(this::text).orElse(""))
					.toList());
		}
		return csv.bytes();
	}

	private String text(Type value) {
		if (value instanceof Coding coding) {
			return switch (coding.getCode() == null ? "" : coding.getCode()) {
				case "male" -> "男";
				case "female" -> "女";
				case "unknown", "other" -> "未知";
				default -> coding.hasDisplay() ? coding.getDisplay() : coding.getCode();
			};
		}
		if (value instanceof DateTimeType dateTime) {
			return LOCAL_TIME.format(dateTime.getValue().toInstant().atZone(properties.zone()));
		}
		return value instanceof PrimitiveType<?> primitive ? primitive.getValueAsString() : "";
	}

	private static byte[] bundle(List<QuestionnaireResponse> cards, Instant at) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
		bundle.setTimestamp(Date.from(at));
		cards.forEach(card -> bundle.addEntry().setResource(card));
		return FhirContext.forR4Cached().newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle)
				.getBytes(StandardCharsets.UTF_8);
	}
}
