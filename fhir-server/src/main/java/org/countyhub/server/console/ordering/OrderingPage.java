package org.countyhub.server.console.ordering;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.countyhub.server.console.ChineseFormats;
import org.countyhub.server.console.ConsoleUser;
import org.countyhub.server.console.ConsoleUsers;
import org.countyhub.server.console.HubFhir;
import org.countyhub.server.console.PathIds;
import org.countyhub.server.console.RecognitionBadge;
import org.countyhub.server.console.ResultLabels;
import org.countyhub.server.console.UnitLabels;
import org.countyhub.server.security.signin.OnEmbeddedSignIn;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * 开单互认提示: a simple ordering form for one patient. Picking an item asks the hub's CDS Hooks service
 * ({@link OrderSelectHook}) as a HIS would; each card shows the recognisable prior result (近X天已在Y单位做过Z，可互认)
 * with a decision form whose answer is recorded by the hub's {@code $recognition-decision}. Every step is a full
 * page (htmx swaps only the result part), so it works without JavaScript too.
 */
@OnEmbeddedSignIn
@Controller
class OrderingPage {

	/** A prior result as the card shows it. */
	record Prior(String type, String id, String item, String unit, String when, long daysAgo, String validUntil) {
		public String sentence() {
			return "近" + Math.max(1, daysAgo) + "天已在" + unit + "做过" + item + "，可互认";
		}
	}

	/** A card: the hook's summary, its prior results (newest first) and the reasons it offers. */
	record CardView(String summary, List<Prior> priors, List<OrderSelectHook.Reason> reasons) {}

	private final ConsoleUsers users;
	private final HubFhir hub;
	private final OrderItems items;
	private final OrderSelectHook hook;
	private final ChineseFormats formats;
	private final UnitLabels units;
	private final Clock clock;

	OrderingPage(ConsoleUsers users, HubFhir hub, OrderItems items, OrderSelectHook hook, ChineseFormats formats,
			UnitLabels units, Clock clock) {
		this.users = users;
		this.hub = hub;
		this.items = items;
		this.hook = hook;
		this.formats = formats;
		this.units = units;
		this.clock = clock;
	}

	@GetMapping("/console/patients/{id}/order")
	String form(@PathVariable("id") String id, HttpServletRequest request, HttpSession session, Model model) {
		IGenericClient fhir = client(id, request, session);
		page(fhir, id, "", model);
		return "console/order";
	}

	@PostMapping("/console/patients/{id}/order")
	String check(@PathVariable("id") String id, @RequestParam(name = "item", required = false) String code,
			HttpServletRequest request, HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = client(id, request, session);
		page(fhir, id, code == null ? "" : code, model);
		Optional<OrderItems.Item> item = code == null ? Optional.empty() : items.item(fhir, code);
		if (item.isEmpty()) {
			model.addAttribute("itemProblem", "请选择检查检验项目");
			return "console/order";
		}
		cards(request, user, fhir, id, item.get(), model);
		model.addAttribute("decision", new DecisionForm(code, "", "", "", "", null));
		model.addAttribute("problems", Map.of());
		return "console/order";
	}

	@PostMapping("/console/patients/{id}/order/decision")
	String decide(@PathVariable("id") String id, DecisionForm decision, HttpServletRequest request,
			HttpSession session, Model model) {
		ConsoleUser user = users.current(session).orElseThrow();
		IGenericClient fhir = client(id, request, session);
		page(fhir, id, decision.item(), model);
		OrderItems.Item item = items.item(fhir, decision.item())
				.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
		Map<String, String> problems = decision.problems();
		if (!problems.isEmpty()) {
			cards(request, user, fhir, id, item, model);
			model.addAttribute("decision", decision);
			model.addAttribute("problems", problems);
			return "console/order";
		}
		IdType result = prior(decision.result());
		Parameters parameters = new Parameters();
		parameters.addParameter().setName("decision").setValue(new CodeType(decision.decision()));
		if (!decision.recognised()) {
			parameters.addParameter().setName("reason").setValue(new CodeType(decision.reason()));
			if (!decision.reasonText().isEmpty()) {
				parameters.addParameter().setName("reasonText").setValue(new StringType(decision.reasonText()));
			}
		}
		parameters.addParameter().setName("item").setValue(new CodeType(item.code()));
		parameters.addParameter().setName("unit").setValue(new Reference("Organization/" + user.actingUnit()));
		parameters.addParameter().setName("clinician").setValue(new Reference().setDisplay(user.username()));
		parameters.addParameter().setName("patientInformed")
				.setValue(new BooleanType(Boolean.TRUE.equals(decision.informed())));
		parameters.addParameter().setName("patient").setValue(new Reference("Patient/" + id));
		fhir.operation().onInstance(result).named("$recognition-decision").withParameters(parameters)
				.returnResourceType(Observation.class).execute();
		model.addAttribute("recorded", (decision.recognised() ? "已记录：予以互认" : "已记录：不予互认")
				+ "（" + item.display() + "），可在患者360视图的时间轴中查看。");
		return "console/order";
	}

	private void page(IGenericClient fhir, String id, String chosen, Model model) {
		Patient patient = fhir.read().resource(Patient.class).withId(id).execute();
		model.addAttribute("patientId", id);
		model.addAttribute("patientName", patient.hasName() ? patient.getNameFirstRep().getNameAsSingleString() : "");
		model.addAttribute("groups", items.groups(fhir));
		model.addAttribute("chosen", chosen);
	}

	private void cards(HttpServletRequest request, ConsoleUser user, IGenericClient fhir, String id,
			OrderItems.Item item, Model model) {
		List<CardView> cards = new ArrayList<>();
		for (OrderSelectHook.Card card : hook.cards(request, user, id, item)) {
			List<Prior> priors = new ArrayList<>();
			for (OrderSelectHook.PriorLink link : card.priors()) {
				priors.add(prior(fhir, link));
			}
			cards.add(new CardView(card.summary(), priors, card.reasons()));
		}
		model.addAttribute("item", item);
		model.addAttribute("cards", cards);
	}

	private Prior prior(IGenericClient fhir, OrderSelectHook.PriorLink link) {
		IdType id = prior(link.type() + "/" + link.id());
		if ("Observation".equals(id.getResourceType())) {
			Observation result = fhir.read().resource(Observation.class).withId(id.getIdPart()).execute();
			return prior(id, result, ResultLabels.item(result.getCode()), units.performer(result.getPerformer(), fhir),
					result.hasEffectiveDateTimeType() ? result.getEffectiveDateTimeType() : result.getIssuedElement());
		}
		DiagnosticReport result = fhir.read().resource(DiagnosticReport.class).withId(id.getIdPart()).execute();
		return prior(id, result, ResultLabels.item(result.getCode()), units.performer(result.getPerformer(), fhir),
				result.hasEffectiveDateTimeType() ? result.getEffectiveDateTimeType() : result.getIssuedElement());
	}

	private Prior prior(IdType id, DomainResource result, String item, String unit, BaseDateTimeType when) {
		return new Prior(id.getResourceType(), id.getIdPart(), item, unit, formats.when(when), formats.daysAgo(when),
				RecognitionBadge.of(result, clock.instant(), formats).validUntil());
	}

	/** A prior result named by the form or the card: a DiagnosticReport or an Observation, nothing else. */
	private static IdType prior(String reference) {
		IdType id = new IdType(reference);
		boolean known = "DiagnosticReport".equals(id.getResourceType()) || "Observation".equals(id.getResourceType());
		if (!known) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		PathIds.checked(id.getIdPart());
		return id;
	}

	private IGenericClient client(String id, HttpServletRequest request, HttpSession session) {
		PathIds.checked(id);
		return hub.client(request, users.current(session).orElseThrow());
	}
}
