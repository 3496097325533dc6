package org.countyhub.server.identity;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.mdm.dao.MdmLinkDaoSvc;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.mdm.api.IGoldenResourceMergerSvc;
import ca.uhn.fhir.mdm.api.IMdmLink;
import ca.uhn.fhir.mdm.model.MdmMergeGoldenResourcesParams;
import ca.uhn.fhir.mdm.model.MdmTransactionContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.messaging.ResourceOperationMessage;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IIdType;
import org.countyhub.profiles.HubMsg;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps MDM in line with a member unit's own merge (HL7 A40, or the same written over FHIR): the unit retires
 * its duplicate Patient ({@code active=false}, {@code link} of type {@code replaced-by} to the survivor). A unit
 * saying "these two numbers are one person" is stronger evidence than any rule, so once MDM has processed the
 * retired Patient, the person it was linked to is merged into the survivor's person (HAPI's golden-resource
 * merge moves every link). The retired Patient's results then count for the survivor's person, once, and no
 * second person with the retired number remains.
 */
@Interceptor
final class UnitMergeFollower {

	private static final Logger log = LoggerFactory.getLogger(UnitMergeFollower.class);

	private final FhirContext fhirContext;
	private final DaoRegistry daoRegistry;
	private final MdmLinkDaoSvc<?, ?> links;
	private final IIdHelperService<?> ids;
	private final IGoldenResourceMergerSvc merger;
	private final IHapiTransactionService transactions;

	UnitMergeFollower(
			FhirContext fhirContext,
			DaoRegistry daoRegistry,
			MdmLinkDaoSvc<?, ?> links,
			IIdHelperService<?> ids,
			IGoldenResourceMergerSvc merger,
			IHapiTransactionService transactions) {
		this.fhirContext = fhirContext;
		this.daoRegistry = daoRegistry;
		this.links = links;
		this.ids = ids;
		this.merger = merger;
		this.transactions = transactions;
	}

	@Hook(Pointcut.MDM_AFTER_PERSISTED_RESOURCE_CHECKED)
	void afterMdm(ResourceOperationMessage message) {
		IIdType id = message.getPayloadId(fhirContext);
		if (id == null || !"Patient".equals(id.getResourceType())) {
			return;
		}
		transactions.withSystemRequest().execute(() -> follow(id.toUnqualifiedVersionless()));
	}

	private void follow(IIdType retiredId) {
		IFhirResourceDao<Patient> patients = daoRegistry.getResourceDao(Patient.class);
		Patient retired = patients.read(retiredId, new SystemRequestDetails());
		Optional<IIdType> survivorId = survivorOf(retired, patients);
		if (survivorId.isEmpty()) {
			return;
		}
		Patient survivor = patients.read(survivorId.get(), new SystemRequestDetails());
		Optional<IIdType> from = personOf(retired);
		Optional<IIdType> to = personOf(survivor);
		if (from.isEmpty() || to.isEmpty()) {
			log.warn(HubMsg.code(3001) + "unit merge of Patient/{} into Patient/{} not applied to MDM: {} has no person yet",
					retiredId.getIdPart(), survivorId.get().getIdPart(), from.isEmpty() ? "the retired record" : "the survivor");
			return;
		}
		if (from.get().getIdPart().equals(to.get().getIdPart())) {
			return;
		}
		MdmTransactionContext context = new MdmTransactionContext(MdmTransactionContext.OperationType.MERGE_GOLDEN_RESOURCES);
		context.setResourceType("Patient");
		MdmMergeGoldenResourcesParams params = new MdmMergeGoldenResourcesParams();
		params.setFromGoldenResource(patients.read(from.get(), new SystemRequestDetails()));
		params.setFromGoldenResourceId(from.get().getValue());
		params.setToGoldenResource(patients.read(to.get(), new SystemRequestDetails()));
		params.setToGoldenResourceId(to.get().getValue());
		params.setMdmTransactionContext(context);
		params.setRequestDetails(new SystemRequestDetails());
		merger.mergeGoldenResources(params);
		log.info("Unit merge followed: person {} merged into person {} (retired Patient/{}, survivor Patient/{})",
				from.get().getIdPart(), to.get().getIdPart(), retiredId.getIdPart(), survivorId.get().getIdPart());
	}

	private Optional<IIdType> survivorOf(Patient patient, IFhirResourceDao<Patient> patients) {
		if (!patient.hasActive() || patient.getActive()) {
			return Optional.empty();
		}
		return patient.getLink().stream()
				.filter(link -> link.getType() == Patient.LinkType.REPLACEDBY)
				.map(link -> resolve(link.getOther(), patients))
				.flatMap(Optional::stream)
				.findFirst();
	}

	/**
	 * The survivor a {@code replaced-by} link names: a literal reference (FHIR writers), or the survivor's number
	 * alone, as the A40 feed writes it; a number names one current record (former numbers are not searched).
	 */
	private static Optional<IIdType> resolve(Reference other, IFhirResourceDao<Patient> patients) {
		if (other.getReferenceElement().hasIdPart()) {
			return "Patient".equals(other.getReferenceElement().getResourceType())
					? Optional.of(other.getReferenceElement().toUnqualifiedVersionless())
					: Optional.empty();
		}
		if (!other.hasIdentifier() || !other.getIdentifier().hasSystem() || !other.getIdentifier().hasValue()) {
			return Optional.empty();
		}
		List<IIdType> found = patients.search(SearchParameterMap.newSynchronous("identifier",
						new TokenParam(other.getIdentifier().getSystem(), other.getIdentifier().getValue())),
				new SystemRequestDetails()).getResources(0, 2).stream()
				.map(r -> r.getIdElement().toUnqualifiedVersionless())
				.toList();
		return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
	}

	@SuppressWarnings({"unchecked", "rawtypes"})
	private Optional<IIdType> personOf(Patient source) {
		Optional<? extends IMdmLink> link = links.getMatchedLinkForSource(source);
		return link.map(l -> ((IIdHelperService) ids).resourceIdFromPidOrThrowException(l.getGoldenResourcePersistenceId(), "Patient"));
	}
}
