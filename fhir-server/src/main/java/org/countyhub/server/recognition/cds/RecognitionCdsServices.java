package org.countyhub.server.recognition.cds;

import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.hapi.fhir.cdshooks.api.CdsResolutionStrategyEnum;
import ca.uhn.hapi.fhir.cdshooks.api.CdsService;
import ca.uhn.hapi.fhir.cdshooks.api.CdsServicePrefetch;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCodingJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseLinkJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionActionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.countyhub.profiles.HubSystems;
import org.countyhub.server.recognition.RecognitionProperties;
import org.countyhub.server.recognition.catalog.CatalogueItem;
import org.countyhub.server.recognition.catalog.RecognitionCatalog;
import org.countyhub.server.access.PersonAccess;
import org.countyhub.server.recognition.results.RecognisableResult;
import org.countyhub.server.security.token.HubCaller;
import org.countyhub.server.recognition.results.RecognisableResults;
import org.countyhub.server.rest.FhirRestConfig;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Duplicate-test reminders at ordering time (重复检查提醒): on {@code order-select} (the clinician picked an item)
 * and {@code order-sign} (about to sign), each draft ServiceRequest whose item has a recognisable prior result
 * for this person, at any unit, gets a card naming the result, its unit and date, with two suggestions: use the
 * prior result (the draft order is deleted) or continue, giving one of the statutory reasons (the card's override
 * reasons, 国卫医发〔2022〕6号). The Patient is prefetched by the client or, when missing, read through the DAO.
 */
@Component
public class RecognitionCdsServices {

	static final String PATIENT = HookContext.PATIENT;

	/** 不予互认情形, offered as the card's override reasons. */
	private static final List<String[]> STATUTORY_REASONS = List.of(
			new String[] {"condition-changed", "因病情变化，检查检验结果与患者临床表现、疾病诊断不符，难以满足临床诊疗需求"},
			new String[] {"fast-changing", "检查检验结果在疾病发展演变过程中变化较快"},
			new String[] {"major-treatment", "检查检验项目对于疾病诊疗意义重大（如手术、输血等重大医疗措施前）"},
			new String[] {"emergency", "患者处于急诊、急救等紧急状态"},
			new String[] {"appraisal", "涉及司法、伤残及病退等鉴定"},
			new String[] {"other", "其他情形确需复查"});

	private final RecognisableResults results;
	private final RecognitionCatalog catalog;
	private final Clock clock;
	private final String sourceLabel;
	private final PersonAccess access;

	RecognitionCdsServices(RecognisableResults results, RecognitionCatalog catalog, Clock clock,
			RecognitionProperties properties, PersonAccess access) {
		this.access = access;
		this.results = results;
		this.catalog = catalog;
		this.clock = clock;
		this.sourceLabel = properties.cardSourceLabel();
	}

	@CdsService(
			value = "recognition-order-select",
			hook = "order-select",
			title = "检查检验结果互认提醒（选择医嘱时）",
			description = "Tells the ordering clinician that the person already has a recognisable result for the "
					+ "selected exam or test, at any unit of the community.",
			prefetch = {
				@CdsServicePrefetch(
						value = PATIENT,
						query = "Patient/{{context.patientId}}",
						source = CdsResolutionStrategyEnum.DAO)
			})
	public CdsServiceResponseJson orderSelect(CdsServiceRequestJson request) {
		List<String> selections = request.getContext().containsKey("selections")
				? request.getContext().getArray("selections")
				: List.of();
		return respond(request, selections);
	}

	@CdsService(
			value = "recognition-order-sign",
			hook = "order-sign",
			title = "检查检验结果互认提醒（签署医嘱时）",
			description = "Before orders are signed: which draft exams or tests have a recognisable prior result.",
			prefetch = {
				@CdsServicePrefetch(
						value = PATIENT,
						query = "Patient/{{context.patientId}}",
						source = CdsResolutionStrategyEnum.DAO)
			})
	public CdsServiceResponseJson orderSign(CdsServiceRequestJson request) {
		return respond(request, null);
	}

	/** @param selections the draft orders to look at; null = all of them */
	private CdsServiceResponseJson respond(CdsServiceRequestJson request, List<String> selections) {
		Patient patient = HookContext.patient(request);
		Map<ServiceRequest, Set<CatalogueItem>> ordered = new LinkedHashMap<>();
		for (ServiceRequest order : HookContext.draftOrders(request, ServiceRequest.class)) {
			String orderId = "ServiceRequest/" + order.getIdElement().getIdPart();
			if (selections != null && !selections.contains(orderId)) {
				continue;
			}
			Set<CatalogueItem> items = catalog.itemsOf(order.getCode());
			if (!items.isEmpty()) {
				ordered.put(order, items);
			}
		}
		CdsServiceResponseJson response = new CdsServiceResponseJson();
		if (ordered.isEmpty()) {
			return response;
		}
		// one query for all drafts: the person's recognisable results for every item ordered
		Set<CatalogueItem> allItems = new LinkedHashSet<>();
		ordered.values().forEach(allItems::addAll);
		List<RecognisableResult> found = results.find(patient, allItems, clock.instant());
		// the 调阅 rules: a result the caller may not see is only named (item and unit), with how to get access
		Optional<HubCaller> caller = HubCaller.current();
		Map<String, Boolean> hidden = new java.util.HashMap<>();
		List<RecognisableResult> prior = found.stream().filter(r -> !caller.isPresent() || !hidden.computeIfAbsent(
				r.patientId(), p -> access.hides(caller.get(), p))).toList();
		List<RecognisableResult> withheld = found.stream().filter(r -> !prior.contains(r)).toList();
		ordered.forEach((order, items) -> {
			List<RecognisableResult> forOrder = prior.stream().filter(r -> items.contains(r.item())).toList();
			if (!forOrder.isEmpty()) {
				response.addCard(card(order, forOrder));
			} else {
				withheld.stream().filter(r -> items.contains(r.item())).findFirst()
						.ifPresent(r -> response.addCard(withheldCard(r)));
			}
		});
		return response;
	}

	/** A recognisable result exists at another unit, but the caller has no reason to see it (docs/access.md). */
	private CdsServiceResponseCardJson withheldCard(RecognisableResult result) {
		CdsServiceResponseCardJson card = new CdsServiceResponseCardJson();
		card.setUuid(UUID.randomUUID().toString());
		card.setSummary(HookContext.summary("该患者在" + unit(result) + "有可互认的" + result.item().display()
				+ "结果，您暂无调阅权限"));
		card.setDetail("该结果属于" + unit(result) + "。如需查看：在本单位为患者建立就诊（诊疗关系），或取得患者的共享授权"
				+ "（Consent），急危重症时可紧急调阅（Patient/$break-glass，须填写理由，医务科审核）。");
		card.setIndicator(CdsServiceIndicatorEnum.INFO);
		card.setSource(new CdsServiceResponseCardSourceJson().setLabel(sourceLabel));
		return card;
	}

	private CdsServiceResponseCardJson card(ServiceRequest order, List<RecognisableResult> prior) {
		RecognisableResult newest = prior.get(0);
		String orderName = order.getCode().hasText() ? order.getCode().getText() : newest.item().display();
		CdsServiceResponseCardJson card = new CdsServiceResponseCardJson();
		card.setUuid(UUID.randomUUID().toString());
		card.setSummary(HookContext.summary("已有可互认结果：" + newest.item().display() + "（" + unit(newest) + "，"
				+ newest.effective().toLocalDate() + "），可不必重复" + orderName));
		StringBuilder detail = new StringBuilder("该患者在医共体内已有以下可互认的检查检验结果：\n\n")
				.append("| 项目 | 检查单位 | 检查日期 | 互认截止 |\n|---|---|---|---|\n");
		for (RecognisableResult result : prior) {
			detail.append("| ").append(result.item().display())
					.append(" | ").append(unit(result))
					.append(" | ").append(result.effective().toLocalDate())
					.append(" | ").append(result.validUntil().toLocalDate())
					.append(" |\n");
		}
		detail.append("\n如确需复查，请选择不予互认理由（《医疗机构检查检验结果互认管理办法》第二十条）。");
		card.setDetail(detail.toString());
		card.setIndicator(CdsServiceIndicatorEnum.WARNING);
		card.setSource(new CdsServiceResponseCardSourceJson().setLabel(sourceLabel));
		card.setSelectionBehaviour("at-most-one");

		CdsServiceResponseSuggestionJson usePrior = new CdsServiceResponseSuggestionJson()
				.setLabel("采用既往结果，撤销本次“" + orderName + "”申请")
				.setUuid(UUID.randomUUID().toString())
				.setRecommended(true);
		usePrior.addAction(new CdsServiceResponseSuggestionActionJson()
				.setType("delete")
				.setDescription("撤销草稿医嘱 ServiceRequest/" + order.getIdElement().getIdPart()
						+ "，采用 " + newest.resultId())
				.setResource(order));
		card.addSuggestion(usePrior);
		card.addSuggestion(new CdsServiceResponseSuggestionJson()
				.setLabel("仍需开立（须选择不予互认理由并告知患者）")
				.setUuid(UUID.randomUUID().toString()));

		List<CdsServiceResponseCodingJson> reasons = new ArrayList<>();
		for (String[] reason : STATUTORY_REASONS) {
			reasons.add(new CdsServiceResponseCodingJson()
					.setSystem(HubSystems.NON_RECOGNITION_REASON)
					.setCode(reason[0])
					.setDisplay(reason[1]));
		}
		card.setOverrideReasons(reasons);

		List<CdsServiceResponseLinkJson> links = new ArrayList<>();
		String base = fhirBase();
		for (RecognisableResult result : prior) {
			links.add(new CdsServiceResponseLinkJson()
					.setLabel((result.resultId().startsWith("Observation/") ? "查看结果：" : "查看报告：")
							+ result.item().display() + "（" + unit(result) + "，"
							+ result.effective().toLocalDate() + "）")
					.setUrl(base + "/" + result.resultId())
					.setType("absolute"));
		}
		card.setLinks(links);
		return card;
	}

	private static String unit(RecognisableResult result) {
		return result.unitName() != null ? result.unitName() : result.unitId();
	}

	private static String fhirBase() {
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(FhirRestConfig.FHIR_PATH).toUriString();
	}
}
