package org.countyhub.server.console.operations;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import java.util.Map;
import org.countyhub.feeds.fhir.FeedException;
import org.countyhub.feeds.intake.ReceivedMessages;
import org.countyhub.feeds.intake.TransactionPreview;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.audit.FeedAccessAudit;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.operations.JournalSearch;
import org.countyhub.server.operations.RawMessageText;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * 消息浏览: the journal filtered and paged, newest first, with boxes to choose messages to replay; one message's
 * tabs: 错误 (status, ACK code, reason), 原始报文 (the raw HL7, audited each time it is shown), 回执 (the ACK as
 * the journal records it), FHIR 事务 (the transaction the message makes with today's mapping tables, shown like the
 * raw message and audited alike, and the {@code meta.source} its written resources carry).
 */
@OnEmbeddedSignIn
@Controller
class MessagesPage {

	static final int PAGE_SIZE = 25;
	private static final List<String> TABS = List.of("error", "raw", "ack", "fhir");

	private final JournalSearch search;
	private final ReceivedMessages journal;
	private final FeedAccessAudit audit;
	private final ConsoleUsers users;
	private final UnitLabels units;
	private final TransactionPreview transactions;
	private final FhirContext fhir;

	MessagesPage(JournalSearch search, ReceivedMessages journal, FeedAccessAudit audit, ConsoleUsers users,
			UnitLabels units, TransactionPreview transactions, FhirContext fhir) {
		this.transactions = transactions;
		this.fhir = fhir;
		this.search = search;
		this.journal = journal;
		this.audit = audit;
		this.users = users;
		this.units = units;
	}

	@GetMapping("/console/operations/messages")
	String list(MessageFilterForm form, Model model) {
		MessageFilterForm.Read read = form.read();
		model.addAttribute("form", form);
		model.addAttribute("errors", read.errors());
		model.addAttribute("units", units);
		model.addAttribute("unitChoices", units.all());
		model.addAttribute("types", search.types());
		model.addAttribute("statuses", StatusLabels.ALL);
		model.addAttribute("times", Times.INSTANCE);
		if (read.errors().isEmpty()) {
			JournalSearch.Page page = search.find(read.filter(), form.pageNumber(), PAGE_SIZE);
			model.addAttribute("page", page);
			model.addAttribute("previous", page.number() > 0 ? form.pageLink(page.number() - 1) : null);
			model.addAttribute("next", page.hasNext() ? form.pageLink(page.number() + 1) : null);
		}
		return "console/messages";
	}

	@GetMapping("/console/operations/messages/{id}")
	String one(@PathVariable("id") long id, @RequestParam(name = "tab", defaultValue = "error") String tab,
			HttpSession session, Model model) {
		ReceivedMessages.Entry entry = journal.find(id)
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		String shown = TABS.contains(tab) ? tab : "error";
		model.addAttribute("entry", entry);
		model.addAttribute("tab", shown);
		model.addAttribute("unitName", units.name(entry.unit()));
		model.addAttribute("statuses", StatusLabels.ALL);
		model.addAttribute("times", Times.INSTANCE);
		if (shown.equals("raw")) {
			// recorded before the content leaves the hub: a failing audit trail shows nothing
			audit.read(users.current(session).orElseThrow().username(), entry, "console");
			model.addAttribute("raw", RawMessageText.of(journal.raw(id).orElse(new byte[0])));
		}
		if (shown.equals("fhir")) {
			// the transaction carries the message's content: recorded like the raw view, before it is shown
			audit.read(users.current(session).orElseThrow().username(), entry, "console");
			journal.raw(id).ifPresent(raw -> model.addAttribute("transaction", transaction(raw)));
		}
		if (shown.equals("ack")) {
			model.addAttribute("ack", journal.ack(id).map(RawMessageText::of).orElse(null));
		}
		model.addAttribute("source", HubSystems.FEED_SOURCE + entry.unit() + "/"
				+ ca.uhn.fhir.util.UrlUtil.escapeUrlParam(entry.controlId()));
		return "console/message";
	}

	/** The transaction as pretty JSON, or why the message makes none (the reason a delivery would be refused). */
	private Transaction transaction(byte[] raw) {
		try {
			Bundle bundle = transactions.of(raw);
			return new Transaction(fhir.newJsonParser().setPrettyPrint(true).encodeResourceToString(bundle),
					bundle.getEntry().size(), null);
		} catch (FeedException e) {
			return new Transaction(null, 0, e.getMessage());
		}
	}

	/** What the FHIR 事务 tab shows: the JSON and its entry count, or the reason there is none. */
	record Transaction(String json, int entries, String refusal) {}

	/** Status names people read. */
	static final class StatusLabels {
		static final Map<String, String> ALL = new java.util.LinkedHashMap<>();

		static {
			ALL.put("FAILED", "失败（AE/AR）");
			ALL.put("PROCESSED", "已处理（AA）");
			ALL.put("RECEIVED", "处理中");
			ALL.put("PENDING", "暂存待重试");
		}

		private StatusLabels() {}
	}
}
